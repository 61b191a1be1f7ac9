import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { createTemplate } from "./create-template.ts";
import { deleteTemplate } from "./delete-template.ts";
import { getTemplate } from "./get-template.ts";
import { listTemplates } from "./list-templates.ts";
import { previewTemplate } from "./preview-template.ts";
import { createTemplateInput, listTemplatesInput, previewTemplateInput, updateTemplateInput } from "./schemas.ts";
import { updateTemplate } from "./update-template.ts";

const exampleChannels = {
  EMAIL: {
    subject: "${alarmType} on ${deviceName}",
    body: "Severity ${severity}; temperature ${data.temperature} °C.",
  },
  SMS: { body: "${severity}: ${alarmType} on ${deviceName}" },
};

/** The text of a notification per channel, with `${placeholders}` filled from the event. */
export const notificationTemplateOperations = {
  preview: defineOperation({
    method: "POST",
    path: "/notification-templates/preview",
    tag: "Notifications",
    summary: "Render a template against a sample event",
    description:
      "Fills each channel's `${placeholders}` from `sample` (a typical event of `notificationType` when left out) " +
      "and lists the placeholders that event has no value for (`missing`; they render empty). Saves nothing.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: previewTemplateInput,
    example: { notificationType: "ALARM", channels: exampleChannels },
    successStatus: 200,
    handler: async ({ body }) => previewTemplate(body),
  }),
  ...crudOperations({
    path: "/notification-templates",
    tag: "Notifications",
    noun: "notification template",
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listTemplatesInput,
    createInput: createTemplateInput,
    updateInput: updateTemplateInput,
    createExample: { name: "High temperature", notificationType: "ALARM", channels: exampleChannels },
    updateExample: { name: "High temperature (on call)" },
    list: listTemplates,
    get: getTemplate,
    create: createTemplate,
    update: updateTemplate,
    remove: deleteTemplate,
  }),
};
