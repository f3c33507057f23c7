import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { SessionSettings } from "../dialects/dialect.js";
import type { Change } from "../sql/changes.js";

/** The settings a file has made so far: plain SETs for the session, SET LOCAL until the transaction ends. */
interface SettingsState {
  readonly session: SessionSettings;
  /** `session` when the current transaction began: a ROLLBACK undoes SETs made inside it. */
  readonly sessionAtBegin: SessionSettings;
  readonly local: SessionSettings;
}

const EMPTY: SessionSettings = new Map();

/**
 * The session settings in effect just before each change of the file, as the file itself sets them (one
 * migration = one session; settings from the runner's connection are not visible). `RESET x` and
 * `SET x = DEFAULT` remove the setting. Names are lower case.
 */
export function settingsBefore(file: FileReplay): (entry: ReplayedChange) => SessionSettings {
  const before = new Map<ReplayedChange, SessionSettings>();
  let state: SettingsState = { session: EMPTY, sessionAtBegin: EMPTY, local: EMPTY };
  for (const entry of file.changes) {
    before.set(entry, effective(state));
    state = nextState(state, entry.change);
  }
  return (entry) => before.get(entry) ?? EMPTY;
}

function nextState(state: SettingsState, change: Change): SettingsState {
  if (change.kind === "set_option") {
    const name = change.name.toLowerCase();
    // SET LOCAL x = DEFAULT hides the session's value until the transaction ends: keep it as a marker.
    return change.local
      ? { ...state, local: new Map([...state.local, [name, change.value]]) }
      : { ...state, session: withSetting(state.session, name, change.value) };
  }
  if (change.kind !== "transaction") return state;
  if (change.action === "begin") return { ...state, sessionAtBegin: state.session };
  const session = change.action === "rollback" ? state.sessionAtBegin : state.session;
  return { session, sessionAtBegin: session, local: EMPTY };
}

function withSetting(settings: SessionSettings, name: string, value: string): SessionSettings {
  const next = new Map(settings);
  if (isDefault(value)) next.delete(name);
  else next.set(name, value);
  return next;
}

function effective(state: SettingsState): SessionSettings {
  if (state.local.size === 0) return state.session;
  const merged = new Map([...state.session, ...state.local]);
  for (const [name, value] of state.local) if (isDefault(value)) merged.delete(name);
  return merged;
}

function isDefault(value: string): boolean {
  return /^default$/i.test(value.trim());
}
