// A typed client of the dunning API at its one origin (./dunning up: http://127.0.0.1:8080; in Kubernetes the host of
// the HTTPRoute). The types are generated from docs/openapi/dunning/openapi.json (npm run generate); CI compiles this
// file against them, so an API change that breaks a frontend breaks the build.
import createClient from "openapi-fetch";
import type { components, paths } from "./dunning-api";

export type Schemas = components["schemas"];
export type Customer = Schemas["CustomerView"];
export type Invoice = Schemas["InvoiceView"];
export type Task = Schemas["TaskView"];
export type Problem = Schemas["Problem"];

/** A client for one tenant's user: every call carries the bearer token (its claim "tenant" names the tenant). */
export function dunning(origin: string, token: string) {
  return createClient<paths>({ baseUrl: origin, headers: { Authorization: `Bearer ${token}` } });
}

export type Dunning = ReturnType<typeof dunning>;

/** Registers a customer and issues it an invoice; a refusal comes back as problem+json with the field at fault. */
export async function firstInvoice(api: Dunning, name: string, number: string, amount: number): Promise<Invoice> {
  const customer = await api.POST("/api/invoice/customers", {
    params: { header: { "Idempotency-Key": `customer-${name}` } },
    body: { name, language: "de", contacts: [{ name: "Buchhaltung", email: "ap@example.com" }] },
  });
  if (!customer.data) {
    throw new Error(describe(customer.error));
  }
  const created: Customer = customer.data;
  const invoice = await api.POST("/api/invoice/invoices", {
    body: {
      customerId: created.id,
      number,
      issueDate: "2026-11-01",
      dueDate: "2026-11-15",
      currency: "EUR",
      amount,
    },
  });
  if (!invoice.data) {
    throw new Error(describe(invoice.error));
  }
  return invoice.data;
}

/** The open call tasks of a customer, first page. */
export async function openCalls(api: Dunning, customerId: string): Promise<Task[]> {
  const { data, error } = await api.GET("/api/followup/tasks", {
    params: { query: { customerId, type: "CALL", status: "OPEN", size: 50 } },
  });
  if (!data) {
    throw new Error(describe(error));
  }
  return data.items ?? [];
}

/** What will be sent for an invoice in the next days (R7.1), from escalation-service through the same origin. */
export async function schedule(api: Dunning, invoiceId: string) {
  const { data, error } = await api.GET("/api/escalation/invoices/{invoiceId}/schedule", {
    params: { path: { invoiceId } },
  });
  if (!data) {
    throw new Error(describe(error));
  }
  return data;
}

/** A refusal in one line; 401 and 403 come without a body. */
function describe(problem: Problem | undefined): string {
  const p: Problem = problem ?? { type: "about:blank", title: "Not authorized or not allowed", status: 401 };
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
  return `${p.status} ${p.title}${p.detail ? ": " + p.detail : ""}${fields ? " (" + fields + ")" : ""}`;
}

// The types hold: a field the API does not take, or a path it does not serve, does not compile.
export function typesHold(api: Dunning) {
  // @ts-expect-error an amount is a number, not a string
  void api.POST("/api/invoice/invoices", { body: { amount: "12.50" } });
  // @ts-expect-error invoice-service serves no /api/invoice/tasks
  void api.GET("/api/invoice/tasks");
}
