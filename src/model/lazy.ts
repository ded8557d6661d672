/**
 * Plans whose words are built on first read. Every plan decides its figures and its verdict (the
 * capacity check's statuses); the capacity report with its details and fixes, the warnings, the
 * network levers (each a re-plan of the network lines) and the assumptions are built when
 * something reads them, once. Sweeps and Monte Carlo read the figures alone, so they never pay for
 * the words.
 *
 * The lazy parts are getters on a class (a getter on each object literal makes V8 build the
 * object as a dictionary, about a microsecond each), with `toJSON` listing every field in the
 * order the plain objects had, getters included. They read the scenario as it was planned: a
 * caller that rewrites a scenario in place between plans (a what-if working copy) reads them
 * before the next plan. Pure.
 */
import type { CheckReport, CheckVerdict, ClaimCheck, CostLine, Lever, NetworkPlan, NodeGroup, Plan, SidePlan, StoragePlan, Topology, TrafficPath, Warning, Workload } from './types.js';

/** `o`'s fields for JSON: `keys` in order (getters read), then any other own field (set later). */
function ordered(o: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = o as Record<string, unknown>;
  for (const k of keys) out[k] = r[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = r[k];
  return out;
}

export class LazyNetwork implements NetworkPlan {
  paths: TrafficPath[];
  s3Gb: number;
  #levers: Lever[] | undefined;
  readonly #make: () => Lever[];
  constructor(paths: TrafficPath[], s3Gb: number, make: () => Lever[]) {
    this.paths = paths;
    this.s3Gb = s3Gb;
    this.#make = make;
  }
  get levers(): Lever[] {
    return (this.#levers ??= this.#make());
  }
  set levers(v: Lever[]) {
    this.#levers = v;
  }
  toJSON() {
    return ordered(this, NETWORK_KEYS);
  }
}
const NETWORK_KEYS = ['paths', 's3Gb', 'levers'];

export interface SideFields {
  scenario: string;
  mode: SidePlan['mode'];
  workload: Workload;
  topology: Topology;
  nodes: NodeGroup[];
  storage: StoragePlan;
  interAzGbPerMonth: number;
  network: NetworkPlan;
  lines: CostLine[];
  omitted: CostLine[];
  totals: SidePlan['totals'];
}

export class LazySide implements SidePlan {
  scenario: string;
  mode: SidePlan['mode'];
  workload: Workload;
  topology: Topology;
  nodes: NodeGroup[];
  storage: StoragePlan;
  interAzGbPerMonth: number;
  network: NetworkPlan;
  lines: CostLine[];
  omitted: CostLine[];
  totals: SidePlan['totals'];
  meetsTarget: boolean;
  verdict: CheckVerdict;
  #capacity: CheckReport | undefined;
  #warnings: Warning[] | undefined;
  readonly #check: (side: SidePlan) => CheckReport;
  readonly #words: (side: SidePlan) => Warning[];
  constructor(f: SideFields, check: (side: SidePlan) => CheckReport, words: (side: SidePlan) => Warning[]) {
    this.scenario = f.scenario;
    this.mode = f.mode;
    this.workload = f.workload;
    this.topology = f.topology;
    this.nodes = f.nodes;
    this.storage = f.storage;
    this.interAzGbPerMonth = f.interAzGbPerMonth;
    this.network = f.network;
    this.lines = f.lines;
    this.omitted = f.omitted;
    this.totals = f.totals;
    this.meetsTarget = false;
    this.verdict = { holds: false, rows: [] };
    this.#check = check;
    this.#words = words;
  }
  get capacity(): CheckReport {
    return (this.#capacity ??= this.#check(this));
  }
  set capacity(v: CheckReport) {
    this.#capacity = v;
  }
  get warnings(): Warning[] {
    return (this.#warnings ??= this.#words(this));
  }
  set warnings(v: Warning[]) {
    this.#warnings = v;
  }
  toJSON() {
    return ordered(this, SIDE_KEYS);
  }
}
const SIDE_KEYS = ['scenario', 'mode', 'workload', 'topology', 'nodes', 'storage', 'interAzGbPerMonth', 'network', 'lines', 'omitted', 'totals', 'meetsTarget', 'capacity', 'warnings', 'verdict'];

export interface PlanFields {
  region: string;
  billing: Plan['billing'];
  hoursPerMonth: number;
  prices: Plan['prices'];
  baseline: SidePlan | null;
  delta: Plan['delta'];
  claims: ClaimCheck[];
}

export class LazyPlan implements Plan {
  scenario: string;
  mode: SidePlan['mode'];
  workload: Workload;
  topology: Topology;
  nodes: NodeGroup[];
  storage: StoragePlan;
  interAzGbPerMonth: number;
  network: NetworkPlan;
  lines: CostLine[];
  omitted: CostLine[];
  totals: SidePlan['totals'];
  meetsTarget: boolean;
  verdict: CheckVerdict;
  region: string;
  billing: Plan['billing'];
  currency: 'USD';
  hoursPerMonth: number;
  prices: Plan['prices'];
  baseline: SidePlan | null;
  delta: Plan['delta'];
  claims: ClaimCheck[];
  declare actuals?: Plan['actuals'];
  declare holding?: Plan['holding'];
  declare alternatives?: Plan['alternatives'];
  readonly #side: SidePlan;
  #warned = false;
  #assumptions: Plan['assumptions'] | undefined;
  readonly #assume: () => Plan['assumptions'];
  readonly #claimWarnings: () => Warning[];
  constructor(side: SidePlan, f: PlanFields, assume: () => Plan['assumptions'], claimWarnings: () => Warning[]) {
    this.scenario = side.scenario;
    this.mode = side.mode;
    this.workload = side.workload;
    this.topology = side.topology;
    this.nodes = side.nodes;
    this.storage = side.storage;
    this.interAzGbPerMonth = side.interAzGbPerMonth;
    this.network = side.network;
    this.lines = side.lines;
    this.omitted = side.omitted;
    this.totals = side.totals;
    this.meetsTarget = side.meetsTarget;
    this.verdict = side.verdict;
    this.region = f.region;
    this.billing = f.billing;
    this.currency = 'USD';
    this.hoursPerMonth = f.hoursPerMonth;
    this.prices = f.prices;
    this.baseline = f.baseline;
    this.delta = f.delta;
    this.claims = f.claims;
    this.#side = side;
    this.#assume = assume;
    this.#claimWarnings = claimWarnings;
  }
  get capacity(): CheckReport {
    return this.#side.capacity;
  }
  set capacity(v: CheckReport) {
    this.#side.capacity = v;
  }
  /** the side's warnings, then the claims that do not hold */
  get warnings(): Warning[] {
    const out = this.#side.warnings;
    if (!this.#warned) {
      this.#warned = true;
      out.push(...this.#claimWarnings());
    }
    return out;
  }
  set warnings(v: Warning[]) {
    this.#warned = true;
    this.#side.warnings = v;
  }
  get assumptions(): Plan['assumptions'] {
    return (this.#assumptions ??= this.#assume());
  }
  set assumptions(v: Plan['assumptions']) {
    this.#assumptions = v;
  }
  toJSON() {
    return ordered(this, PLAN_KEYS);
  }
}
const PLAN_KEYS = [...SIDE_KEYS, 'region', 'billing', 'currency', 'hoursPerMonth', 'prices', 'baseline', 'delta', 'claims', 'assumptions'];
