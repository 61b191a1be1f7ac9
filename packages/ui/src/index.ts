export { cx } from "./cx.ts";
export { formatNumber, formatValue, formatDateTime, formatRelativeTime } from "./format.ts";
export { Button, type ButtonProps } from "./button.tsx";
export { TextField, SelectField, SearchInput } from "./field.tsx";
export { Spinner, EmptyState, ErrorState, Badge } from "./states.tsx";
export { AccessDenied, isForbidden } from "./access-denied.tsx";
export { QueryView, type QueryState } from "./query-view.tsx";
export { ListPage, ListNotice, type ListPageProps, type ListData } from "./list-page.tsx";
export { DetailPage, type DetailPageProps } from "./detail-page.tsx";
export { Card, PageHeader } from "./card.tsx";
export { DataTable, Pagination, RowDeleteButton, type Column } from "./table.tsx";
export { RowCard, RowCardButton, RowCardText } from "./row-card.tsx";
export { CopyBox } from "./copy-box.tsx";
export { Dialog } from "./dialog.tsx";
export { useModalFocus } from "./use-modal-focus.ts";
export { ConfirmDialog } from "./confirm-dialog.tsx";
export { PromptDialog } from "./prompt-dialog.tsx";
export { FormButtons } from "./form-buttons.tsx";
export { FilterSelect, FILTER_SELECT_CLASS } from "./filter-select.tsx";
export {
  ALARM_SEVERITY_ORDER,
  AlarmStatusBadge,
  SeverityBadge,
  alarmStatusLabel,
  highestSeverity,
  severityLabel,
  type AlarmSeverityName,
  type AlarmStatusName,
} from "./alarm-badges.tsx";
