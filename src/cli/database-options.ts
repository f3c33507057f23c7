/**
 * The flags that name a database and its migrations, as `check --url/--env` and `migrate` both take them,
 * turned into the project-database input (only those given, so that the configuration fills the rest).
 */
import type { ProjectInput } from "../migrate/project-database.js";

export interface DatabaseOptions {
  readonly url?: string;
  readonly env?: string;
  readonly dialect?: string;
  readonly migrations?: string;
}

export function databaseInput(
  options: DatabaseOptions,
): Pick<ProjectInput, "url" | "environment" | "dialect" | "migrations"> {
  return {
    ...(options.url !== undefined && { url: options.url }),
    ...(options.env !== undefined && { environment: options.env }),
    ...(options.dialect !== undefined && { dialect: options.dialect }),
    ...(options.migrations !== undefined && { migrations: options.migrations }),
  };
}
