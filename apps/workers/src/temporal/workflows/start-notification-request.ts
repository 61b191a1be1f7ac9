import { ParentClosePolicy, startChild } from "@temporalio/workflow";
import {
  NOTIFICATION_REQUEST_WORKFLOW,
  type NotificationRequestInput,
} from "@industryos/temporal-client/workflows/notifications";

/**
 * Starts a request's delivery workflow (by name, the contract's id) as a child that outlives its parent: an
 * escalation or a wait that ends does not cut a fan-out short. Starting it is a workflow command, recorded in
 * history, so a worker restart does not start it twice; an id already used (REJECT_DUPLICATE) means it was
 * started before and is left alone.
 */
export async function startNotificationRequest(input: NotificationRequestInput, workflowId: string): Promise<void> {
  try {
    await startChild(NOTIFICATION_REQUEST_WORKFLOW, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: "REJECT_DUPLICATE",
    });
  } catch (error) {
    if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") throw error;
  }
}
