import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { locateArtifacts, resolveTargetDirectory } from "../../src/dbt/locate.js";
import { formatError, SchematicError } from "../../src/errors.js";

const temporaryRoots: string[] = [];
afterAll(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

/** A dbt project directory with a manifest.json in each of the given target directories. */
function makeProject(options: { projectYml?: string; targets?: readonly string[]; catalogIn?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), "schematic-locate-"));
  temporaryRoots.push(root);
  const project = join(root, "analytics");
  mkdirSync(project);
  if (options.projectYml !== undefined) writeFileSync(join(project, "dbt_project.yml"), options.projectYml);
  for (const target of options.targets ?? []) {
    const dir = join(project, target);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "manifest.json"), "{}");
  }
  if (options.catalogIn !== undefined) writeFileSync(join(project, options.catalogIn, "catalog.json"), "{}");
  return { root, project };
}

function caught(run: () => unknown): SchematicError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchematicError) return error;
    throw error;
  }
  throw new Error("expected a SchematicError");
}

const YML_WITH_TARGET = "name: analytics\nversion: '1.0'\ntarget-path: from-yml\n";

describe("target path precedence", () => {
  it.each([
    {
      why: "--target-path wins over everything",
      targetPath: "from-option",
      env: { DBT_ENGINE_TARGET_PATH: "from-engine-env", DBT_TARGET_PATH: "from-env" },
      yml: YML_WITH_TARGET,
      dir: "from-option",
      source: "--target-path",
    },
    {
      why: "then DBT_ENGINE_TARGET_PATH",
      env: { DBT_ENGINE_TARGET_PATH: "from-engine-env", DBT_TARGET_PATH: "from-env" },
      yml: YML_WITH_TARGET,
      dir: "from-engine-env",
      source: "DBT_ENGINE_TARGET_PATH",
    },
    {
      why: "then DBT_TARGET_PATH",
      env: { DBT_TARGET_PATH: "from-env" },
      yml: YML_WITH_TARGET,
      dir: "from-env",
      source: "DBT_TARGET_PATH",
    },
    {
      why: "an empty variable is unset",
      env: { DBT_ENGINE_TARGET_PATH: " ", DBT_TARGET_PATH: "" },
      yml: YML_WITH_TARGET,
      dir: "from-yml",
      source: "dbt_project.yml",
    },
    {
      why: "then target-path in dbt_project.yml",
      env: {},
      yml: YML_WITH_TARGET,
      dir: "from-yml",
      source: "dbt_project.yml",
    },
    {
      why: "target-path as env_var() with the variable set",
      env: { MY_TARGET: "from-env-var" },
      yml: "target-path: \"{{ env_var('MY_TARGET', 'from-default') }}\"\n",
      dir: "from-env-var",
      source: "dbt_project.yml",
    },
    {
      why: "target-path as env_var() falling back to its default",
      env: {},
      yml: "target-path: \"{{ env_var('MY_TARGET', 'from-default') }}\"\n",
      dir: "from-default",
      source: "dbt_project.yml",
    },
    {
      why: "another Jinja template cannot be rendered: dbt's default",
      env: {},
      yml: "target-path: \"{{ var('where') }}\"\n",
      dir: "target",
      source: "default",
    },
    { why: "no setting: target", env: {}, yml: "name: analytics\n", dir: "target", source: "default" },
    { why: "no dbt_project.yml: target", env: {}, yml: undefined, dir: "target", source: "default" },
  ])("$why", ({ targetPath, env, yml, dir, source }) => {
    const { project } = makeProject({ projectYml: yml, targets: [dir] });
    const options = { dbtProject: project, env, ...(targetPath === undefined ? {} : { targetPath }) };
    expect(resolveTargetDirectory(options)).toEqual({ path: join(project, dir), source });
    expect(locateArtifacts(options)).toEqual({ manifestPath: join(project, dir, "manifest.json") });
  });

  it("relative target paths are relative to the dbt project, not the working directory", () => {
    const { root, project } = makeProject({ targets: ["build/dbt"] });
    const located = locateArtifacts({ dbtProject: "analytics", cwd: root, targetPath: "build/dbt", env: {} });
    expect(located.manifestPath).toBe(join(project, "build/dbt/manifest.json"));
  });

  it("an absolute target path is used as is", () => {
    const { root } = makeProject();
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "manifest.json"), "{}");
    const located = locateArtifacts({
      dbtProject: join(root, "analytics"),
      env: { DBT_TARGET_PATH: elsewhere },
    });
    expect(located.manifestPath).toBe(join(elsewhere, "manifest.json"));
  });

  it("the dbt project may be given as its dbt_project.yml, and defaults to cwd", () => {
    const { project } = makeProject({ projectYml: YML_WITH_TARGET, targets: ["from-yml"] });
    const expected = { manifestPath: join(project, "from-yml", "manifest.json") };
    expect(locateArtifacts({ dbtProject: join(project, "dbt_project.yml"), env: {} })).toEqual(expected);
    expect(locateArtifacts({ cwd: project, env: {} })).toEqual(expected);
  });
});

describe("catalog.json and explicit paths", () => {
  it("uses catalog.json when it sits next to the manifest", () => {
    const { project } = makeProject({ targets: ["target"], catalogIn: "target" });
    expect(locateArtifacts({ dbtProject: project, env: {} })).toEqual({
      manifestPath: join(project, "target", "manifest.json"),
      catalogPath: join(project, "target", "catalog.json"),
    });
  });

  it("takes an explicit manifest (a file or its directory, relative to cwd) and catalog", () => {
    const { root, project } = makeProject({ targets: ["ci-artifacts"] });
    writeFileSync(join(root, "catalog.json"), "{}");
    const manifestPath = join(project, "ci-artifacts", "manifest.json");
    expect(locateArtifacts({ cwd: root, manifest: "analytics/ci-artifacts/manifest.json", env: {} })).toEqual(
      {
        manifestPath,
      },
    );
    expect(
      locateArtifacts({ cwd: root, manifest: "analytics/ci-artifacts", catalog: "catalog.json", env: {} }),
    ).toEqual({ manifestPath, catalogPath: join(root, "catalog.json") });
  });

  it("a missing manifest says where it looked and to run dbt compile", () => {
    const { project } = makeProject({ projectYml: YML_WITH_TARGET });
    const error = caught(() => locateArtifacts({ dbtProject: project, env: {} }));
    const manifestPath = join(project, "from-yml", "manifest.json");
    expect(error.code).toBe("manifest-not-found");
    expect(error.message).toBe(
      `No dbt manifest at ${manifestPath} (the target path set by dbt_project.yml).`,
    );
    expect(error.hint).toBe(
      `Run \`dbt compile\` in ${project} to write it (\`dbt docs generate\` also writes catalog.json), or pass the manifest's path.`,
    );
    expect(formatError(error)).toContain(manifestPath);
  });

  it("a missing explicit manifest or catalog is manifest-not-found", () => {
    const { project } = makeProject({ targets: ["target"] });
    const manifest = caught(() => locateArtifacts({ manifest: join(project, "nope.json"), env: {} }));
    expect([manifest.code, manifest.message]).toEqual([
      "manifest-not-found",
      `No dbt manifest at ${join(project, "nope.json")}.`,
    ]);
    const catalog = caught(() =>
      locateArtifacts({ dbtProject: project, catalog: join(project, "c.json"), env: {} }),
    );
    expect([catalog.code, catalog.message, catalog.hint]).toEqual([
      "manifest-not-found",
      `No dbt catalog at ${join(project, "c.json")}.`,
      "Check the path, or run `dbt docs generate` in the dbt project to write target/catalog.json.",
    ]);
  });

  it("an unreadable dbt_project.yml is config-invalid with its line", () => {
    const { project } = makeProject({
      projectYml: "name: analytics\ntarget-path: [unclosed\n",
      targets: ["target"],
    });
    const error = caught(() => locateArtifacts({ dbtProject: project, env: {} }));
    expect(error.code).toBe("config-invalid");
    expect(error.location?.file).toBe(join(project, "dbt_project.yml"));
    expect(error.location?.line).toBe(3);
  });
});
