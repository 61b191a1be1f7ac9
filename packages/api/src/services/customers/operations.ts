import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import {
  createCustomer,
  customerInput,
  deleteCustomer,
  getCustomer,
  listCustomers,
  listCustomersInput,
  updateCustomer,
} from "./customers.ts";

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
