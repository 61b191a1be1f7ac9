package io.industryos.lwm2m;

import java.io.File;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.config.NetworkConfig;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.ServerIdentity;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Object 5 (Firmware Update) as a device implements it for a pull: a Package URI (1) written by the
 * server is downloaded with a CoAP GET (Block2 for a package over one block), the bytes are saved to
 * the file named on the command line, State (3) goes Downloading → Downloaded; Update (2) goes
 * Updating, then Update Result (5) Success (or the failure asked for) and State Idle. A push (0) saves the bytes written.
 * Prints FIRMWARE DOWNLOADED <bytes> <sha256> and FIRMWARE UPDATED for the test.
 */
public class TestFirmware extends BaseInstanceEnabler {
  private static final int IDLE = 0, DOWNLOADING = 1, DOWNLOADED = 2, UPDATING = 3;
  private final File output;
  /** What Update ends with: 1 (success) unless the test asks for a failure (2-9). */
  private final int updateResult;
  /** Firmware Update Delivery Method (9): 2 (pull and push), or 1 when the test asks for a push-only device. */
  private final int deliveryMethod;
  private volatile int state = IDLE;
  private volatile int result = 0;
  private volatile String packageUri = "";

  public TestFirmware(File output, int updateResult, boolean pushOnly) {
    this.output = output;
    this.updateResult = updateResult;
    this.deliveryMethod = pushOnly ? 1 : 2;
  }

  /** Leshan wants a default constructor for the object's factory (a Create, which nobody sends to object 5). */
  public TestFirmware() {
    this(new File(System.getProperty("java.io.tmpdir"), "leshan-firmware.bin"), 1, false);
  }

  @Override
  public ReadResponse read(ServerIdentity identity, int resourceId) {
    switch (resourceId) {
    case 1:
      return ReadResponse.success(resourceId, packageUri);
    case 3:
      return ReadResponse.success(resourceId, state);
    case 5:
      return ReadResponse.success(resourceId, result);
    case 9:
      return ReadResponse.success(resourceId, deliveryMethod);
    default:
      return super.read(identity, resourceId);
    }
  }

  @Override
  public WriteResponse write(ServerIdentity identity, int resourceId, LwM2mResource value) {
    if (resourceId == 1) {
      packageUri = (String) value.getValue();
      if (packageUri.isEmpty()) {
        setState(IDLE);
        return WriteResponse.success();
      }
      System.out.println("FIRMWARE URI " + packageUri);
      System.out.flush();
      result = 0;
      setState(DOWNLOADING);
      Thread download = new Thread(() -> download(packageUri), "firmware-download");
      download.setDaemon(true);
      download.start();
      return WriteResponse.success();
    }
    if (resourceId == 0) {
      System.out.println("FIRMWARE PUSHED");
      System.out.flush();
      saved((byte[]) value.getValue());
      return WriteResponse.success();
    }
    return super.write(identity, resourceId, value);
  }

  private void download(String uri) {
    NetworkConfig config = new NetworkConfig();
    config.setInt(NetworkConfig.Keys.MAX_RESOURCE_BODY_SIZE, 64 * 1024 * 1024);
    CoapClient client = new CoapClient(uri);
    client.setEndpoint(new CoapEndpoint.Builder().setNetworkConfig(config).build());
    client.setTimeout(60_000L);
    try {
      CoapResponse response = client.get();
      if (response == null || !response.isSuccess()) {
        System.out.println("FIRMWARE DOWNLOAD FAILED " + (response == null ? "timeout" : response.getCode()));
        System.out.flush();
        result = 7; // Invalid URI / download failed
        setState(IDLE);
        fireResourcesChange(5);
        return;
      }
      saved(response.getPayload());
    } catch (Exception e) {
      System.out.println("FIRMWARE DOWNLOAD FAILED " + e);
      System.out.flush();
      result = 9;
      setState(IDLE);
      fireResourcesChange(5);
    } finally {
      client.shutdown();
    }
  }

  private void saved(byte[] bytes) {
    try {
      Files.write(output.toPath(), bytes);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      System.out.println("FIRMWARE DOWNLOADED " + bytes.length + " " + sha256);
      System.out.flush();
      setState(DOWNLOADED);
    } catch (Exception e) {
      result = 2; // not enough flash
      setState(IDLE);
      fireResourcesChange(5);
    }
  }

  @Override
  public ExecuteResponse execute(ServerIdentity identity, int resourceId, String params) {
    if (resourceId != 2) return super.execute(identity, resourceId, params);
    if (state != DOWNLOADED) return ExecuteResponse.badRequest("no package downloaded");
    setState(UPDATING);
    Thread update = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      result = updateResult;
      fireResourcesChange(5);
      setState(IDLE);
      System.out.println(updateResult == 1 ? "FIRMWARE UPDATED" : "FIRMWARE UPDATE FAILED " + updateResult);
      System.out.flush();
    }, "firmware-update");
    update.setDaemon(true);
    update.start();
    return ExecuteResponse.success();
  }

  private void setState(int next) {
    state = next;
    fireResourcesChange(3);
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return Arrays.asList(0, 1, 2, 3, 5, 9);
  }
}
