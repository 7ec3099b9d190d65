using System.Diagnostics;
using System.Globalization;
using System.Text;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ledgers.Hostile;

namespace Liuhu.Benchmarks;

/// <summary>`-- hostile`: reads each hostile file, and a valid 20 MB ledger as the baseline, each in a process of
/// its own so that its peak working set is its own, and prints time, allocation and peak working set as ratios
/// to the baseline. Usage: dotnet run -c Release --project bench/Liuhu.Benchmarks -- hostile [name-filter]</summary>
internal static class HostileBenchmark
{
    private const string BaselineCsv = "baseline-valid-csv-ledger";
    private const string BaselineXlsx = "baseline-valid-xlsx-ledger";

    public static void Run(string[] args)
    {
        if (args is ["measure", var measured])
        {
            Measure(measured);
            return;
        }

        var filter = args.Length > 0 ? args[0] : string.Empty;
        var folder = Directory.CreateTempSubdirectory("liuhu-hostile-");
        try
        {
            var cases = new List<(string Name, Func<byte[]> Make)> { (BaselineCsv, ValidCsvLedger), (BaselineXlsx, ValidXlsxLedger) };
            cases.AddRange(HostileLedgers.All.Concat(HostileLedgers.SlowOnly).Where(c => c.Name.Contains(filter, StringComparison.Ordinal)).Select(c => (c.Name, c.Make)));
            Console.WriteLine($"Hostile ledgers: each read in a fresh process after a warm-up read; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine("ratios are to the valid 20 MB CSV ledger's parse (first row); peak WS is the whole process (runtime and file bytes included)");
            Console.WriteLine();
            Console.WriteLine($"{"file",-48} {"size",9} {"outcome",-28} {"time",9} {"allocated",10} {"peak WS",9} {"time x",7} {"alloc x",7} {"WS x",5}");
            Result? baseline = null;
            foreach (var (name, make) in cases)
            {
                var path = Path.Combine(folder.FullName, name);
                File.WriteAllBytes(path, make());
                var result = Child(path);
                baseline ??= result;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-48} {Mb(result.Bytes),9} {result.Outcome,-28} {result.Milliseconds,6:0.0} ms {Mb(result.Allocated),10} {Mb(result.PeakWorkingSet),9} "
                    + $"{result.Milliseconds / baseline.Milliseconds,7:0.000} {(double)result.Allocated / baseline.Allocated,7:0.000} {(double)result.PeakWorkingSet / baseline.PeakWorkingSet,5:0.00}"));
                File.Delete(path);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    private sealed record Result(long Bytes, string Outcome, double Milliseconds, long Allocated, long PeakWorkingSet);

    private static Result Child(string file)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(HostileBenchmark).Assembly.Location);
        }

        foreach (var argument in new[] { "hostile", "measure", file })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var fields = output.Trim().Split('|');
        if (process.ExitCode != 0 || fields.Length != 5)
        {
            return new Result(new FileInfo(file).Length, $"crashed ({process.ExitCode})", double.NaN, 0, 0);
        }

        return new Result(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], double.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[3], CultureInfo.InvariantCulture), long.Parse(fields[4], CultureInfo.InvariantCulture));
    }

    private static void Measure(string file)
    {
        var limits = new LedgerLimits();

        // Warm up the reader of the same format so the measured read pays no JIT.
        var content = File.ReadAllBytes(file);
        byte[] warmUp = LedgerReader.Detect(content) switch
        {
            LedgerFormat.Xlsx => HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>企业名称</t></is></c></row>")),
            LedgerFormat.Json => """[{"employerName":"示范"}]"""u8.ToArray(),
            _ => "企业名称,岗位名称\r\n示范,运维\r\n"u8.ToArray(),
        };
        LedgerReader.Read(warmUp, limits);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            var table = LedgerReader.Read(content, limits);
            outcome = string.Create(CultureInfo.InvariantCulture, $"read {table.Rows.Count:N0} rows");
            GC.KeepAlive(table);
        }
        catch (ProblemException ex)
        {
            outcome = ex.Problem.Code;
        }

        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{content.Length}|{outcome}|{watch.Elapsed.TotalMilliseconds}|{allocated}|{self.PeakWorkingSet64}"));
    }

    /// <summary>A valid vacancy ledger of 100,000 rows padded to just under the 20 MB upload limit.</summary>
    private static byte[] ValidCsvLedger()
    {
        const int rows = 100_000;
        var target = (20 * 1024 * 1024) - 64 * 1024;
        var header = "企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至\r\n";
        var unpadded = Encoding.UTF8.GetByteCount(header) + (rows * (long)Encoding.UTF8.GetByteCount(Row(rows / 2, string.Empty)));
        var padding = new string('维', (int)((target - unpadded) / rows / 3));
        var builder = new StringBuilder(header);
        for (var i = 0; i < rows; i++)
        {
            builder.Append(Row(i, padding));
        }

        return Encoding.UTF8.GetBytes(builder.ToString());

        static string Row(int i, string padding) => string.Create(CultureInfo.InvariantCulture,
            $"示范企业{i % 200},91150100MA{i % 200:D7}X,新能源,岗位{i},P{i},{1 + (i % 9)},本科,软件工程,Python、SQL,负责运{padding},{4000 + (i % 40 * 100)}-{8000 + (i % 40 * 100)},赛罕区,五险一金,王老师,13847100001,2027-06-30\r\n");
    }

    /// <summary>The same 100,000 rows as Excel saves them: repeated text as shared strings, the rest as values.</summary>
    private static byte[] ValidXlsxLedger()
    {
        string[] shared = ["企业名称", "统一社会信用代码", "所属产业集群", "岗位名称", "岗位编号", "招聘人数", "学历要求", "专业要求", "技能要求", "岗位职责", "薪资待遇", "工作地点", "福利待遇", "联系人", "联系电话", "有效期至",
            "新能源", "本科", "软件工程", "Python、SQL", "负责设备运维与巡检", "赛罕区", "五险一金", "王老师", "2027-06-30"];
        return HostileLedgers.Xlsx(
            w =>
            {
                w.Write("<row r=\"1\">");
                for (var c = 0; c < 16; c++)
                {
                    w.Write($"<c r=\"{HostileLedgers.Letters(c)}1\" t=\"s\"><v>{c}</v></c>");
                }

                w.Write("</row>");
                for (var i = 0; i < 100_000; i++)
                {
                    var r = i + 2;
                    w.Write(string.Create(CultureInfo.InvariantCulture,
                        $"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>示范企业{i % 200}</t></is></c><c r=\"B{r}\" t=\"inlineStr\"><is><t>91150100MA{i % 200:D7}X</t></is></c>"
                        + $"<c r=\"C{r}\" t=\"s\"><v>16</v></c><c r=\"D{r}\" t=\"inlineStr\"><is><t>岗位{i}</t></is></c><c r=\"E{r}\" t=\"inlineStr\"><is><t>P{i}</t></is></c><c r=\"F{r}\"><v>{1 + (i % 9)}</v></c>"
                        + $"<c r=\"G{r}\" t=\"s\"><v>17</v></c><c r=\"H{r}\" t=\"s\"><v>18</v></c><c r=\"I{r}\" t=\"s\"><v>19</v></c><c r=\"J{r}\" t=\"s\"><v>20</v></c>"
                        + $"<c r=\"K{r}\" t=\"inlineStr\"><is><t>{4000 + (i % 40 * 100)}-{8000 + (i % 40 * 100)}</t></is></c><c r=\"L{r}\" t=\"s\"><v>21</v></c><c r=\"M{r}\" t=\"s\"><v>22</v></c>"
                        + $"<c r=\"N{r}\" t=\"s\"><v>23</v></c><c r=\"O{r}\"><v>13847100001</v></c><c r=\"P{r}\"><v>46568</v></c></row>"));
                }
            },
            sharedStrings: w => w.Write(string.Concat(shared.Select(s => $"<si><t>{s}</t></si>"))));
    }
}
