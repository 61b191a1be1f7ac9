interface RelationRow {
  id: string;
  fromType: string;
  fromId: string;
  toType: string;
  toId: string;
  type: string;
  typeGroup: string;
  createdAt: Date;
}

export const toView = (r: RelationRow) => ({
  id: r.id,
  from: { type: r.fromType, id: r.fromId },
  to: { type: r.toType, id: r.toId },
  type: r.type,
  typeGroup: r.typeGroup,
  createdAt: r.createdAt.toISOString(),
});
