/**
 * `gpukit cost`: hourly and monthly cost of a stack from the offline run's recorded resources —
 * per target, per component and per resource, with each price's source, date and status, in a
 * reporting currency at the catalog's dated FX rate; optionally against another stack or a saved
 * baseline, with negotiated prices from a price book, and gated by `--fail-above`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadCatalog } from "../../catalog";
import { CURRENCIES, type Currency } from "../../catalog/schema";
import { loadComponentPrices } from "../../catalog/prices/load";
import { compareReports, isCostReport } from "../../cost/compare";
import { loadPriceBook, PriceBookError, type PriceBook } from "../../cost/price-book";
import { buildCostReport, type CostInput } from "../../cost/report";
import type { CostReport } from "../../cost/report-types";
import { EXIT, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";
import { renderCostCsv } from "../format/cost-csv";
import { renderCostHtml } from "../format/cost-html";
import { renderCostMarkdown } from "../format/cost-markdown";
import { renderCostTable } from "../format/cost-table";
import type * as Session from "../offline/session";

/** Output formats of `gpukit cost`. */
export const COST_FORMATS = ["table", "markdown", "json", "csv", "html"] as const;
/** Exit code when the monthly total exceeds `--fail-above`. */
export const EXIT_OVER_LIMIT = 1;

/** How the cost command gets its inputs; tests inject fakes. */
export interface CostCommandLoaders {
  /** The offline run of a stack (default: the process's memoised session run). */
  loadRun?: (options: { stack?: string; stackFile?: string }) => Promise<CostInput & { notes?: string[] }>;
  /** The cost report of another stack, computed in a child process (default: `node bin/gpukit.js cost … --format json`). */
  runOtherStack?: (args: string[]) => CostReport;
}

const defaultLoadRun: NonNullable<CostCommandLoaders["loadRun"]> = async (options) => (require("../offline/session") as typeof Session).offlineRun(options);

/** Runs `gpukit cost <args>` in a child process (one offline run per process) and parses its JSON. */
export const defaultRunOtherStack: NonNullable<CostCommandLoaders["runOtherStack"]> = (args) => {
  const root = path.resolve(__dirname, "..", "..");
  const r = spawnSync(process.execPath, [path.join(root, "bin", "gpukit.js"), "cost", ...args, "--format", "json"], { cwd: root, encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new UsageError(`--compare: \`gpukit cost ${args.join(" ")}\` failed (exit ${r.status}):\n${(r.stderr || "").trim()}`);
  return JSON.parse(r.stdout) as CostReport;
};

function render(report: CostReport, format: string): string {
  if (format === "json") return JSON.stringify(report, null, 2) + "\n";
  if (format === "markdown") return renderCostMarkdown(report);
  if (format === "csv") return renderCostCsv(report);
  if (format === "html") return renderCostHtml(report);
  return renderCostTable(report);
}

function readBaseline(file: string): CostReport {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--compare ${file}: cannot read a JSON baseline: ${(error as Error).message}`);
  }
  if (!isCostReport(value)) throw new UsageError(`--compare ${file}: not a cost report (write one with \`gpukit cost --stack <name> --format json > ${path.basename(file)}\`)`);
  return value;
}

/** Builds the cost command. */
export function makeCostCommand(loaders: CostCommandLoaders = {}): CliCommand {
  return {
    name: "cost",
    summary: "Price a stack offline: hourly and monthly cost per target, component and resource",
    description: [
      "Runs the stack's Pulumi program offline (no credentials), prices every recorded resource from the catalog",
      "(GPU instances, disks, load balancers, NAT gateways, public IPs, traffic at the stated usage assumptions),",
      "and reports hourly and monthly cost per target, component and resource with each price's source, date and",
      "status. Unknown prices are listed, never counted as zero: the total is then a lower bound.",
    ].join(" "),
    options: {
      stack: { type: "string", valueName: "name", description: "stack name; reads stacks/Pulumi.<name>.yaml" },
      "stack-file": { type: "string", valueName: "path", description: "any stack file (Pulumi.<name>.yaml layout) instead of --stack" },
      compare: { type: "string", valueName: "stack|baseline.json", description: "show before/after/delta against another stack (priced in a child process) or a saved JSON report" },
      currency: { type: "string", valueName: "code", description: `reporting currency: ${CURRENCIES.join(", ")} (default: the spec's budget currency)` },
      "price-book": { type: "string", valueName: "file", description: "YAML of negotiated prices that override the catalog (lines are marked)" },
      "fail-above": { type: "string", valueName: "amount", description: "exit 1 when the monthly total (reporting currency) exceeds amount" },
      format: { type: "string", valueName: "format", default: "table", description: `output: ${COST_FORMATS.join(", ")}` },
    },
    helpAfter: [
      "Exit codes: 0 done, 2 invalid input or config (every problem on stderr), 3 internal error; 1 when the monthly total is above --fail-above.",
      "",
      examplesHelp([
        "gpukit cost --stack prod",
        "gpukit cost --stack prod --format json > baseline.json",
        "gpukit cost --stack prod --compare baseline.json --format markdown --fail-above 150000",
        "gpukit cost --stack staging --currency CNY --price-book prices/acme.yaml --format html > cost.html",
      ]),
    ].join("\n"),
    async run(values, positionals, io) {
      if (positionals.length) throw new UsageError(`gpukit cost takes no positional arguments (got ${positionals.join(" ")})`);
      const format = stringValue(values, "format") ?? "table";
      if (!(COST_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${COST_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
      const currencyArg = stringValue(values, "currency");
      if (currencyArg !== undefined && !(CURRENCIES as readonly string[]).includes(currencyArg.toUpperCase())) {
        throw new UsageError(`--currency must be one of ${CURRENCIES.join(", ")} (given ${JSON.stringify(currencyArg)})`);
      }
      const failAboveArg = stringValue(values, "fail-above");
      const failAbove = failAboveArg === undefined ? undefined : Number(failAboveArg);
      if (failAbove !== undefined && !(Number.isFinite(failAbove) && failAbove >= 0)) throw new UsageError(`--fail-above must be a non-negative number (given ${JSON.stringify(failAboveArg)})`);
      const bookFile = stringValue(values, "price-book");
      let priceBook: PriceBook | undefined;
      try {
        priceBook = bookFile ? loadPriceBook(bookFile) : undefined;
      } catch (error) {
        if (error instanceof PriceBookError) throw new UsageError(error.message);
        throw error;
      }
      const stack = stringValue(values, "stack");
      const stackFile = stringValue(values, "stack-file");
      const compare = stringValue(values, "compare");
      // A baseline file is read before the run so a bad path fails fast.
      const baselineFile = compare !== undefined && (compare.endsWith(".json") || fs.existsSync(compare)) ? readBaseline(compare) : undefined;

      const run = await (loaders.loadRun ?? defaultLoadRun)({ stack, stackFile });
      const currency = (currencyArg?.toUpperCase() as Currency | undefined) ?? run.spec.budget.currency;
      let report = buildCostReport(run, { catalog: loadCatalog(), prices: loadComponentPrices(), currency, priceBook });
      if (compare !== undefined) {
        const other = baselineFile ?? (loaders.runOtherStack ?? defaultRunOtherStack)(["--stack", compare, "--currency", currency, ...(bookFile ? ["--price-book", bookFile] : [])]);
        try {
          report = compareReports(report, other, baselineFile ? compare : `stack ${compare}`, baselineFile ? "baseline-file" : "child-process");
        } catch (error) {
          throw new UsageError(`--compare ${compare}: ${(error as Error).message}`);
        }
      }
      for (const note of run.notes ?? []) io.stderr(`note: ${note}\n`);
      io.stdout(render(report, format));
      if (failAbove !== undefined && report.totalMonthlyCost > failAbove) {
        io.stderr(`Monthly cost ${report.totalMonthlyCost} ${report.currency} is above --fail-above ${failAbove} ${report.currency}.\n`);
        return EXIT_OVER_LIMIT;
      }
      return EXIT.ok;
    },
  };
}

/** The `cost` command as the CLI runs it. */
export const costCommand = makeCostCommand();
