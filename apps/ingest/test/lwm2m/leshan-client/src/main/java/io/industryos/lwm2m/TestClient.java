package io.industryos.lwm2m;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.californium.core.network.config.NetworkConfig;
import org.eclipse.leshan.client.californium.LeshanClient;
import org.eclipse.leshan.client.californium.LeshanClientBuilder;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.ServerIdentity;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.RegisterRequest;

/**
 * A Leshan LwM2M client for apps/ingest's tests: registers as the endpoint named on the command line,
 * exposes Device (3) and Temperature (3303), and prints lines the test waits for (REGISTERED, REBOOT).
 *
 * Usage: TestClient <coap://host:port> <endpoint> <models dir holding 3303.xml> <lifetime seconds> [firmware file [update result [push]]]
 * With a firmware file it also exposes Firmware Update (5), saving a downloaded package there; Update ends
 * with the update result given (1, success, by default); "push" makes it a push-only device.
 */
public class TestClient {
  public static void main(String[] args) throws Exception {
    String serverUri = args[0];
    String endpoint = args[1];
    File modelsDir = new File(args[2]);
    long lifetime = Long.parseLong(args[3]);
    File firmwareFile = args.length > 4 ? new File(args[4]) : null;
    int updateResult = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    boolean pushOnly = args.length > 6 && args[6].equals("push");

    List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
    try (InputStream ddf = new FileInputStream(new File(modelsDir, "3303.xml"))) {
      // The platform's own DDF file for object 3303: Leshan reading it checks it too.
      models.addAll(ObjectLoader.loadDdfFile(ddf, "3303.xml", false));
    }
    ObjectsInitializer initializer = new ObjectsInitializer(new StaticModel(models));
    initializer.setInstancesForObject(LwM2mId.SECURITY, Security.noSec(serverUri, 123));
    initializer.setInstancesForObject(LwM2mId.SERVER, new Server(123, lifetime, BindingMode.U, false));
    initializer.setInstancesForObject(LwM2mId.DEVICE, new TestDevice());
    TestTemperature temperature = new TestTemperature();
    initializer.setInstancesForObject(3303, temperature);
    if (firmwareFile != null)
      initializer.setInstancesForObject(LwM2mId.FIRMWARE, new TestFirmware(firmwareFile, updateResult, pushOnly));

    LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
    builder.setLocalAddress("127.0.0.1", 0);
    // A pushed firmware package arrives block-wise and is reassembled whole: allow more than the default 8 KiB.
    NetworkConfig coapConfig = LeshanClientBuilder.createDefaultNetworkConfig();
    coapConfig.setInt(NetworkConfig.Keys.MAX_RESOURCE_BODY_SIZE, 16 * 1024 * 1024);
    builder.setCoapConfig(coapConfig);
    builder.setObjects(firmwareFile == null
        ? initializer.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, 3303)
        : initializer.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, LwM2mId.FIRMWARE, 3303));
    LeshanClient client = builder.build();
    client.addObserver(new LwM2mClientObserverAdapter() {
      @Override
      public void onRegistrationSuccess(ServerIdentity server, RegisterRequest request, String registrationID) {
        System.out.println("REGISTERED " + registrationID);
        System.out.flush();
      }

      @Override
      public void onRegistrationFailure(ServerIdentity server, RegisterRequest request, ResponseCode code,
          String message, Exception cause) {
        System.out.println("REGISTRATION FAILED " + code + " " + message + " " + cause);
        System.out.flush();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> client.destroy(true)));
    client.start();
    temperature.startChanging();
  }
}
