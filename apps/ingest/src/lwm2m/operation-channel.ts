import { duplicateRedisClient, type Logger, type RedisClient } from "@industryos/runtime";
import {
  lwm2mRequestChannel,
  lwm2mResponseChannel,
  type Lwm2mOperationRequest,
  type Lwm2mOperationResult,
} from "@industryos/device-bus";

const CHANNEL_PREFIX = lwm2mRequestChannel("");

/**
 * The API's LwM2M operations reach this node on the request channel of each device registered
 * here (only the node holding a registration subscribes to it), and go back on the request's
 * own response channel.
 */
export class OperationChannel {
  private readonly subscriber: RedisClient;

  constructor(
    private readonly redis: RedisClient,
    private readonly logger: Logger,
    private readonly run: (deviceId: string, request: Lwm2mOperationRequest) => Promise<Lwm2mOperationResult>,
  ) {
    this.subscriber = duplicateRedisClient(redis);
    this.subscriber.on("error", (error: Error) => logger.debug({ err: error }, "LwM2M operation channel"));
    this.subscriber.on("message", (channel: string, message: string) => void this.onRequest(channel, message));
  }

  async start(): Promise<void> {
    if (this.subscriber.status === "wait") await this.subscriber.connect();
  }

  watch(deviceId: string): Promise<unknown> {
    return this.subscriber.subscribe(lwm2mRequestChannel(deviceId));
  }

  async unwatch(deviceId: string): Promise<void> {
    await this.subscriber.unsubscribe(lwm2mRequestChannel(deviceId)).catch(() => undefined);
  }

  private async onRequest(channel: string, message: string) {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    let request: Lwm2mOperationRequest;
    try {
      request = JSON.parse(message) as Lwm2mOperationRequest;
    } catch {
      this.logger.warn({ channel }, "malformed LwM2M operation request ignored");
      return;
    }
    let result: Lwm2mOperationResult;
    try {
      result = await this.run(channel.slice(CHANNEL_PREFIX.length), request);
    } catch (error) {
      this.logger.warn({ err: error, operation: request.operation, path: request.path }, "LwM2M operation failed");
      result = {
        ok: false,
        code: "5.00",
        message: `The server could not run the operation: ${(error as Error).message}`,
      };
    }
    await this.redis.publish(lwm2mResponseChannel(request.id), JSON.stringify(result)).catch((error: unknown) => {
      this.logger.warn({ err: error }, "LwM2M operation answer not published");
    });
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }
}
