// What a Dockerfile's final stage promises, read with dockerfile-ast (the parser behind VS Code's Docker
// support): the deployment checks compare these facts with the apps they package.
import { Copy, DockerfileParser, type Instruction } from "dockerfile-ast";

export interface FinalStageFacts {
  /** Base image of the last stage, with build arguments declared before the first FROM filled in. */
  baseImage: string;
  /** The last USER of the final stage, or undefined when it runs as the base image's user (root). */
  user: string | undefined;
  /** HEALTHCHECK's command words (exec form), undefined when there is none or it is NONE. */
  healthcheck: string[] | undefined;
  /** EXPOSEd ports as written: "1883", "5683/udp". */
  exposed: string[];
  /** Paths the final stage copies out of earlier stages (`COPY --from=<stage> <source>`). */
  copiedFromStages: string[];
  cmd: string[] | undefined;
  stageNames: string[];
}

/** `["a", "b"]` of an exec-form instruction; a shell form comes back as one string. */
function execForm(instruction: Instruction): string[] {
  const text = instruction.getArgumentsContent() ?? "";
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((word) => typeof word === "string")) return parsed;
  } catch {
    // shell form
  }
  return [text];
}

function fillArguments(image: string, args: Map<string, string>): string {
  return image.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => args.get(name) ?? whole);
}

export function finalStageFacts(dockerfileText: string): FinalStageFacts {
  const dockerfile = DockerfileParser.parse(dockerfileText);
  const froms = dockerfile.getFROMs();
  const last = froms.at(-1);
  if (!last) throw new Error("the Dockerfile has no FROM");
  const initialArgs = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property?.getValue()) initialArgs.set(property.getName(), property.getValue()!);
  }
  const startLine = last.getRange().start.line;
  const finalStage = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= startLine);
  const keyword = (name: string) => finalStage.filter((i) => i.getKeyword() === name);

  const healthcheck = keyword("HEALTHCHECK").at(-1);
  const healthArgs = healthcheck?.getArguments().map((a) => a.getValue()) ?? [];
  const cmdAt = healthArgs.indexOf("CMD");
  const healthText = healthcheck?.getArgumentsContent() ?? "";
  const healthJson = healthText.slice(healthText.indexOf("CMD") + 3).trim();

  const copiedFromStages = keyword("COPY").flatMap((copy) => {
    if (!(copy instanceof Copy) || !copy.getFromFlag()) return [];
    return copy
      .getArguments()
      .map((a) => a.getValue())
      .slice(0, -1); // the last word is the destination
  });

  const cmd = keyword("CMD").at(-1);
  return {
    baseImage: fillArguments(last.getImage() ?? "", initialArgs),
    user: keyword("USER").at(-1)?.getArgumentsContent() ?? undefined,
    healthcheck: cmdAt < 0 ? undefined : (JSON.parse(healthJson) as string[]),
    exposed: keyword("EXPOSE").flatMap((e) => e.getArguments().map((a) => a.getValue())),
    copiedFromStages,
    cmd: cmd ? execForm(cmd) : undefined,
    stageNames: froms.map((f) => f.getBuildStage() ?? ""),
  };
}

/**
 * A pinned Node base image: an exact release (`node:20.20.2-bookworm-slim`) or a digest; never a moving
 * tag such as `node:20-slim` or `node:lts`, whose next pull changes the runtime without a commit.
 */
export function isPinnedNodeImage(image: string, major: number): boolean {
  if (/^node(:[^@]+)?@sha256:[0-9a-f]{64}$/.test(image)) return true;
  return new RegExp(`^node:${major}\\.\\d+\\.\\d+(-[a-z0-9-]+)?$`).test(image);
}

/** A user that is not root: a name other than root, or a uid other than 0 (`node`, `1000:1000`). */
export function isNonRootUser(user: string | undefined): boolean {
  if (!user) return false;
  const name = user.split(":")[0]!.trim();
  return name !== "" && name !== "root" && name !== "0";
}
