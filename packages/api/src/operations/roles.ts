/** The role sets operations name; each operation declares its roles once, here by name. */
export const TENANT_ADMIN = ["TENANT_ADMIN"] as const;
/** Tenant administrators and customer users (who see only their customer's entities). */
export const TENANT_USERS = ["TENANT_ADMIN", "CUSTOMER_USER"] as const;
