import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { createCustomer } from "./create-customer.ts";
import { deleteCustomer } from "./delete-customer.ts";
import { getCustomer } from "./get-customer.ts";
import { listCustomers } from "./list-customers.ts";
import { customerInput, listCustomersInput } from "./schemas.ts";
import { updateCustomer } from "./update-customer.ts";

export const customerOperations = crudOperations({
  path: "/customers",
  tag: "Customers",
  noun: "customer",
  readRoles: TENANT_ADMIN,
  writeRoles: TENANT_ADMIN,
  listInput: listCustomersInput,
  createInput: customerInput,
  updateInput: customerInput.partial(),
  createExample: { title: "Acme Water", email: "ops@acme.example" },
  updateExample: { phone: "+1 555 0100" },
  list: listCustomers,
  get: getCustomer,
  create: createCustomer,
  update: updateCustomer,
  remove: deleteCustomer,
});
