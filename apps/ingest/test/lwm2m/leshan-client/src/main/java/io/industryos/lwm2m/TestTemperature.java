package io.industryos.lwm2m;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.ServerIdentity;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/** Object 3303 (Temperature): a sensor value that changes every 500 ms, so an observation notifies. */
public class TestTemperature extends BaseInstanceEnabler {
  private volatile double value = 20.0;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "temperature");
    thread.setDaemon(true);
    return thread;
  });

  void startChanging() {
    scheduler.scheduleAtFixedRate(() -> {
      value = Math.round((value + 0.5) * 10) / 10.0;
      fireResourcesChange(5700);
    }, 500, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  public ReadResponse read(ServerIdentity identity, int resourceId) {
    switch (resourceId) {
    case 5700:
      return ReadResponse.success(resourceId, value);
    case 5701:
      return ReadResponse.success(resourceId, "Cel");
    default:
      return super.read(identity, resourceId);
    }
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return Arrays.asList(5700, 5701);
  }
}
