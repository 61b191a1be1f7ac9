/** An LwM2M path: `/3`, `/3/0`, `/3/0/1` or `/3/0/1/2` (object, instance, resource, resource instance). */
export interface Lwm2mPath {
  objectId: number;
  instanceId?: number;
  resourceId?: number;
  resourceInstanceId?: number;
}

const PATH = /^\/(\d{1,5})(?:\/(\d{1,5})(?:\/(\d{1,5})(?:\/(\d{1,5}))?)?)?\/?$/;

/** The path, or null when it is not one (ids are 0..65535). */
export function parseLwm2mPath(text: string): Lwm2mPath | null {
  const match = PATH.exec(text);
  if (!match) return null;
  const ids = match.slice(1).map((id) => (id === undefined ? undefined : Number(id)));
  if (ids.some((id) => id !== undefined && id > 65535)) return null;
  const [objectId, instanceId, resourceId, resourceInstanceId] = ids;
  return { objectId: objectId!, instanceId, resourceId, resourceInstanceId };
}

export function formatLwm2mPath(path: Lwm2mPath): string {
  return (
    "/" +
    [path.objectId, path.instanceId, path.resourceId, path.resourceInstanceId]
      .filter((id) => id !== undefined)
      .join("/")
  );
}
