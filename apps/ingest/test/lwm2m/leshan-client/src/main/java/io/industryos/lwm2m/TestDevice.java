package io.industryos.lwm2m;

import java.util.Arrays;
import java.util.List;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.ServerIdentity;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/** Object 3 (Device): fixed identity, a writable UTC offset (14), and reboot (4) printed as REBOOT. */
public class TestDevice extends BaseInstanceEnabler {
  private String utcOffset = "+01:00";

  @Override
  public ReadResponse read(ServerIdentity identity, int resourceId) {
    switch (resourceId) {
    case 0:
      return ReadResponse.success(resourceId, "IndustryOS Test Works");
    case 1:
      return ReadResponse.success(resourceId, "Leshan Test Client");
    case 2:
      return ReadResponse.success(resourceId, "SN-0001");
    case 3:
      return ReadResponse.success(resourceId, "1.0.0");
    case 14:
      return ReadResponse.success(resourceId, utcOffset);
    case 16:
      return ReadResponse.success(resourceId, "U");
    default:
      return super.read(identity, resourceId);
    }
  }

  @Override
  public WriteResponse write(ServerIdentity identity, int resourceId, LwM2mResource value) {
    if (resourceId == 14) {
      utcOffset = (String) value.getValue();
      System.out.println("WRITE 14 " + utcOffset);
      System.out.flush();
      fireResourcesChange(resourceId);
      return WriteResponse.success();
    }
    return super.write(identity, resourceId, value);
  }

  @Override
  public ExecuteResponse execute(ServerIdentity identity, int resourceId, String params) {
    if (resourceId == 4) {
      System.out.println("REBOOT");
      System.out.flush();
      return ExecuteResponse.success();
    }
    return super.execute(identity, resourceId, params);
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return Arrays.asList(0, 1, 2, 3, 4, 14, 16);
  }
}
