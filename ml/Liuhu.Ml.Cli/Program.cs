using Liuhu.Ml.Cli;

// liuhu-ml: the simulated market, the model's evaluation and its benchmarks. Figures go to stdout.
//   simulate  --out DIR [--posts N] [--graduates N] [--seed N]     write ledgers, graduates and outcomes as files
//   evaluate  [--worlds N] [--posts N] [--graduates N] [--held-out N] [--seed N] [--trees N] [--reference-trees N]
//             [--recall-worlds N] [--recall-per-group N]          (candidate recall in the first N worlds, default 1)
//             [--quality-only] [--ablations]                      (NDCG lines alone; why learned and reference differ)
//                                                                  per simulated world: NDCG@10 with intervals for learned,
//                                                                  heuristic, random and trees over raw attributes; exposure
//   bench     [--posts N] [--graduates N] [--train-rows N]         speed: two-stage vs brute force, latency, training time
//   bench serve [--posts N] [--graduates N] [--queries N]           serving: served path vs bare tree walk per candidate, match
//                                                                  p50/p99 in process, new instance's first answer with/without snapshot
//   bench start [--posts N] [--runs N]                              new instance: process start to first answer, with and without
//                                                                  the index snapshot, each in fresh processes
//   bench candidates [--posts N] [--queries N]                      candidate stage: index build and per-request cost with and
//                                                                  without the per-graduate profile cells
//   demo      --api URL [--posts N] [--graduates N] [--files DIR]  load a simulated market into a running API and train
//             (--files keeps the simulated files in DIR and uses them again the same UTC day)
//   catalogue [--posts N] [--graduates N]                          time to build a talent-demand catalogue
//   latency   --api URL [--graduates N] [--requests N]             match latency over HTTP against a running API (after demo)
var verb = args.FirstOrDefault();
var options = CliOptions.Parse(args.Skip(1));
return verb switch
{
    "bench" when args.ElementAtOrDefault(1) == "serve" => ServeBench.Run(CliOptions.Parse(args.Skip(2))),
    "bench" when args.ElementAtOrDefault(1) == "start" => StartBench.Run(CliOptions.Parse(args.Skip(2))),
    "bench" when args.ElementAtOrDefault(1) == "candidates" => CandidateBench.Run(CliOptions.Parse(args.Skip(2))),
    "simulate" => Commands.Simulate(options),
    "evaluate" => Commands.Evaluate(options),
    "bench" => Commands.Bench(options),
    "demo" => await Commands.DemoAsync(options),
    "latency" => await Commands.LatencyAsync(options),
    "catalogue" => Commands.CatalogueBench(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: liuhu-ml simulate|evaluate|bench|demo [--posts N] [--graduates N] [--seed N] [--out DIR] [--api URL] [--train-rows N]");
    return 2;
}
