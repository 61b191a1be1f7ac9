import { parseProvisionRequest, type ProvisionRequest } from "@industryos/device-protocol";

/** ThingsBoard's provisioning answer. */
export type ProvisionResponse =
  | { status: "SUCCESS"; credentialsType: "ACCESS_TOKEN" | "MQTT_BASIC"; credentialsValue: unknown }
  | { status: "NOT_FOUND" | "FAILURE"; errorMsg: string };

/** Implemented by the data layer: finds the profile by key/secret and creates or finds the device. */
export interface DeviceProvisioner {
  provision(request: ProvisionRequest): Promise<ProvisionResponse>;
}

/** Parses and runs a provisioning request from any transport; a bad body is a FAILURE answer, as ThingsBoard gives. */
export async function provisionDevice(provisioner: DeviceProvisioner, json: unknown): Promise<ProvisionResponse> {
  let request: ProvisionRequest;
  try {
    request = parseProvisionRequest(json);
  } catch (error) {
    return { status: "FAILURE", errorMsg: (error as Error).message };
  }
  return provisioner.provision(request);
}
