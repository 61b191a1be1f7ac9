import { z } from "zod";

/** `/3303/0/5700`: object, instance, resource (and resource instance); ids 0..65535. */
const LWM2M_PATH = /^\/(\d{1,5})(\/\d{1,5}){0,3}$/;

const PATH_HINT = "Write an LwM2M path such as /3303/0/5700";

const isLwm2mPath = (path: string) =>
  LWM2M_PATH.test(path) &&
  path
    .split("/")
    .slice(1)
    .every((id) => Number(id) <= 65535);

// "/3303/00/5700" and "/3303/0/5700" name one resource: paths are compared in this form.
const normalised = (path: string) => "/" + path.split("/").slice(1).map(Number).join("/");

const lwm2mPath = z.string().trim().refine(isLwm2mPath, PATH_HINT).transform(normalised);

/** `{path: key}`; a key that is no path is refused by name (zod's own record-key error says only "Invalid key"). */
const keysByPath = z
  .record(z.string(), z.string().trim().min(1, "Name the key").max(255))
  .superRefine((record, ctx) => {
    for (const path of Object.keys(record))
      if (!isLwm2mPath(path.trim()))
        ctx.addIssue({ code: "custom", path: [path], message: `${PATH_HINT}, not ${path}` });
  })
  .transform((record) =>
    Object.fromEntries(Object.entries(record).map(([path, key]) => [normalised(path.trim()), key])),
  );

/**
 * A device profile's LwM2M mapping (`transportConfig.lwm2m`), validated by the API on save and by
 * ingest when a client registers: `observe` lists the resources observed on registration,
 * `telemetry` and `attributes` the keys resources' values are stored under (attribute paths are
 * also read on every registration).
 */
export const lwm2mProfileConfig = z.object({
  observe: z.array(lwm2mPath).max(100).default([]),
  telemetry: keysByPath.default({}),
  attributes: keysByPath.default({}),
});

export type Lwm2mProfileConfig = z.infer<typeof lwm2mProfileConfig>;
