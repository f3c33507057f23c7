/**
 * Finding manifest.json and catalog.json the way dbt places them: in the dbt project's target path, which
 * is, first to last, `--target-path`, $DBT_ENGINE_TARGET_PATH, $DBT_TARGET_PATH, `target-path` in
 * dbt_project.yml, and `target`. A relative target path is relative to the dbt project directory.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { load, YAMLException } from "js-yaml";
import { SchematicError } from "../errors.js";
import { asObject, asString } from "./json.js";

export interface LocateOptions {
  /** The dbt project directory (or its dbt_project.yml); default: cwd. */
  readonly dbtProject?: string;
  /** An explicit manifest.json (or the directory holding it); skips the target-path search. */
  readonly manifest?: string;
  /** An explicit catalog.json; it must exist. */
  readonly catalog?: string;
  /** What `--target-path` would be. */
  readonly targetPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export interface LocatedArtifacts {
  readonly manifestPath: string;
  /** catalog.json, when given or present next to the manifest. */
  readonly catalogPath?: string;
}

export type TargetPathSource =
  | "--target-path"
  | "DBT_ENGINE_TARGET_PATH"
  | "DBT_TARGET_PATH"
  | "dbt_project.yml"
  | "default";

export interface TargetDirectory {
  /** Absolute. */
  readonly path: string;
  readonly source: TargetPathSource;
}

const PROJECT_FILE = "dbt_project.yml";

export function locateArtifacts(options: LocateOptions = {}): LocatedArtifacts {
  const cwd = options.cwd ?? process.cwd();
  const manifestPath =
    options.manifest === undefined
      ? manifestInTarget(options, cwd)
      : explicitManifest(resolve(cwd, options.manifest));
  const catalogPath =
    options.catalog === undefined
      ? besideManifest(manifestPath)
      : explicitCatalog(resolve(cwd, options.catalog));
  return catalogPath === undefined ? { manifestPath } : { manifestPath, catalogPath };
}

/** The dbt project directory: the option (a directory, or a dbt_project.yml in it) or cwd. */
export function dbtProjectDirectory(options: Pick<LocateOptions, "dbtProject" | "cwd">): string {
  const cwd = options.cwd ?? process.cwd();
  const given = resolve(cwd, options.dbtProject ?? ".");
  return basename(given) === PROJECT_FILE && isFile(given) ? dirname(given) : given;
}

/** Where dbt writes its artifacts for this project, and which setting said so. */
export function resolveTargetDirectory(options: LocateOptions = {}): TargetDirectory {
  const projectDir = dbtProjectDirectory(options);
  const env = options.env ?? process.env;
  const candidates: readonly [TargetPathSource, string | undefined][] = [
    ["--target-path", options.targetPath],
    ["DBT_ENGINE_TARGET_PATH", env.DBT_ENGINE_TARGET_PATH],
    ["DBT_TARGET_PATH", env.DBT_TARGET_PATH],
  ];
  for (const [source, value] of candidates) {
    if (value !== undefined && value.trim() !== "")
      return { path: resolve(projectDir, value.trim()), source };
  }
  const fromProject = targetPathInProjectFile(projectDir, env);
  if (fromProject !== undefined) return { path: resolve(projectDir, fromProject), source: "dbt_project.yml" };
  return { path: resolve(projectDir, "target"), source: "default" };
}

/**
 * `target-path` from dbt_project.yml, if set. dbt renders the file with Jinja; the one form seen in practice,
 * `{{ env_var('NAME', 'default') }}`, is resolved here, any other template is ignored (dbt's default applies).
 */
function targetPathInProjectFile(projectDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = join(projectDir, PROJECT_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = load(readFileSync(file, "utf8"));
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    throw new SchematicError("config-invalid", `${PROJECT_FILE} is not valid YAML: ${yamlReason(error)}.`, {
      location: mark ? { file, line: mark.line + 1, column: mark.column + 1 } : { file },
      hint: "Fix the file (dbt cannot read it either), or pass the manifest's path.",
      cause: error,
    });
  }
  const value = asString(asObject(parsed)?.["target-path"])?.trim();
  if (value === undefined || value === "") return undefined;
  if (!value.includes("{{")) return value;
  const envVar = /^\{\{\s*env_var\(\s*(['"])(\w+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}$/.exec(value);
  if (!envVar) return undefined;
  return env[envVar[2]!] ?? envVar[4];
}

function yamlReason(error: unknown): string {
  return error instanceof YAMLException
    ? error.reason
    : error instanceof Error
      ? error.message
      : String(error);
}

function manifestInTarget(options: LocateOptions, cwd: string): string {
  const target = resolveTargetDirectory({ ...options, cwd });
  const manifestPath = join(target.path, "manifest.json");
  if (isFile(manifestPath)) return manifestPath;
  const why =
    target.source === "default" ? "the default target path" : `the target path set by ${target.source}`;
  throw new SchematicError("manifest-not-found", `No dbt manifest at ${manifestPath} (${why}).`, {
    location: { file: manifestPath },
    hint: `Run \`dbt compile\` in ${dbtProjectDirectory({ ...options, cwd })} to write it (\`dbt docs generate\` also writes catalog.json), or pass the manifest's path.`,
  });
}

function explicitManifest(path: string): string {
  const manifestPath = isDirectory(path) ? join(path, "manifest.json") : path;
  if (isFile(manifestPath)) return manifestPath;
  throw new SchematicError("manifest-not-found", `No dbt manifest at ${manifestPath}.`, {
    location: { file: manifestPath },
    hint: "Check the path, or run `dbt compile` in the dbt project to write target/manifest.json.",
  });
}

function explicitCatalog(path: string): string {
  if (isFile(path)) return path;
  throw new SchematicError("manifest-not-found", `No dbt catalog at ${path}.`, {
    location: { file: path },
    hint: "Check the path, or run `dbt docs generate` in the dbt project to write target/catalog.json.",
  });
}

function besideManifest(manifestPath: string): string | undefined {
  const catalogPath = join(dirname(manifestPath), "catalog.json");
  return isFile(catalogPath) ? catalogPath : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
