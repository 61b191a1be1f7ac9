export { cx } from "./cx.ts";
export { formatNumber, formatValue, formatDateTime, formatRelativeTime } from "./format.ts";
export { Button, type ButtonProps } from "./button.tsx";
export { TextField, SelectField, SearchInput } from "./field.tsx";
export { Spinner, EmptyState, ErrorState, Badge } from "./states.tsx";
export { Card, PageHeader } from "./card.tsx";
export { DataTable, Pagination, type Column } from "./table.tsx";
export { CopyBox } from "./copy-box.tsx";
export { Dialog } from "./dialog.tsx";
