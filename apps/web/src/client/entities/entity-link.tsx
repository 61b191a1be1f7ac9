"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";

/** An entity as relations and the audit log name it: a type and an id. */
export interface EntityRef {
  type: string;
  id: string;
}

/** What a link shows while the name loads, or for an entity the console has no page for. */
const shortId = (ref: EntityRef) => `${ref.type.toLowerCase().replaceAll("_", " ")} ${ref.id.slice(0, 8)}…`;

function NamedLink({ href, name, fallback }: { href: string; name: string | undefined; fallback: string }) {
  return (
    <Link href={href} className="font-medium text-brand-700 hover:underline">
      {name ?? fallback}
    </Link>
  );
}

function DeviceLink({ entity }: { entity: EntityRef }) {
  const trpc = useTRPC();
  const device = useQuery(trpc.devices.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/devices/${entity.id}`} name={device.data?.name} fallback={shortId(entity)} />;
}

function AssetLink({ entity }: { entity: EntityRef }) {
  const trpc = useTRPC();
  const asset = useQuery(trpc.assets.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/assets/${entity.id}`} name={asset.data?.name} fallback={shortId(entity)} />;
}

function CustomerLink({ entity }: { entity: EntityRef }) {
  const trpc = useTRPC();
  const customer = useQuery(trpc.customers.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/customers/${entity.id}`} name={customer.data?.title} fallback={shortId(entity)} />;
}

function DashboardLink({ entity }: { entity: EntityRef }) {
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.dashboards.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/dashboards/${entity.id}`} name={dashboard.data?.title} fallback={shortId(entity)} />;
}

function ProfileLink({ entity, kind }: { entity: EntityRef; kind: "device" | "asset" }) {
  const trpc = useTRPC();
  const api = kind === "device" ? trpc.deviceProfiles : trpc.assetProfiles;
  const profile = useQuery(api.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/${kind}-profiles/${entity.id}`} name={profile.data?.name} fallback={shortId(entity)} />;
}

function RuleChainLink({ entity }: { entity: EntityRef }) {
  const trpc = useTRPC();
  const chain = useQuery(trpc.ruleChains.get.queryOptions({ id: entity.id }));
  return <NamedLink href={`/rule-chains/${entity.id}`} name={chain.data?.name} fallback={shortId(entity)} />;
}

/**
 * The entity's name, linking to its page; each kind reads its own `get` (react-query shares one
 * request between the cards that name the same entity). Kinds without a page show type and id.
 */
export function EntityLink({ entity }: { entity: EntityRef }) {
  switch (entity.type) {
    case "DEVICE":
      return <DeviceLink entity={entity} />;
    case "ASSET":
      return <AssetLink entity={entity} />;
    case "CUSTOMER":
      return <CustomerLink entity={entity} />;
    case "DASHBOARD":
      return <DashboardLink entity={entity} />;
    case "DEVICE_PROFILE":
      return <ProfileLink entity={entity} kind="device" />;
    case "ASSET_PROFILE":
      return <ProfileLink entity={entity} kind="asset" />;
    case "RULE_CHAIN":
      return <RuleChainLink entity={entity} />;
    default:
      return <span className="text-slate-600">{shortId(entity)}</span>;
  }
}
