using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Liuhu.Core.Ledgers;

/// <summary>Reads the first visible worksheet of an .xlsx workbook, keeping Excel's own row numbers.</summary>
/// <remarks>The package is read with a forward-only <see cref="XmlReader"/> straight from the zip entries, not
/// through a document model, so every bound is checked on the node that would break it: a cell past
/// MaxColumns is refused before any cell is made for it, an empty row is counted and dropped, and nothing
/// after the sheet's data (merged cells, conditional formats) is read at all.</remarks>
public static class XlsxLedgerReader
{
    private const int MaxEntries = 2_000;
    private const double MaxCompressionRatio = 200;

    // A worksheet nests seven deep (worksheet/sheetData/row/c/is/r/t); the XML reader keeps state per level,
    // so a file that nests millions deep would otherwise cost memory per level.
    private const int MaxXmlDepth = 32;

    // No legitimate name, attribute or text in a ledger comes near this (a full 32,767-character cell is
    // under 200 KB even with every character escaped); the XML reader holds a whole token in memory.
    internal const int MaxXmlTokenBytes = 1024 * 1024;

    private const string WorkbookDefault = "xl/workbook.xml";

    public static RawTable Read(byte[] content, LedgerLimits limits)
    {
        using var stream = new MemoryStream(content, writable: false);
        return new RawTable(LedgerFormat.Xlsx, ReadRows(stream, limits).ToList());
    }

    /// <summary>The first visible worksheet's rows, read lazily from <paramref name="content"/>, which must be
    /// seekable (a zip's directory is at its end) and is left open. Only the shared strings are held whole.</summary>
    public static IEnumerable<RawRow> ReadRows(Stream content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        return new TranslatedRows(Rows(content, limits), ex => ex switch
        {
            // The file is a local copy (memory or a temporary file), so an I/O error means a malformed archive.
            InvalidDataException or XmlException or IOException or NotSupportedException => FileProblems.Corrupt(ex.Message),
            _ => null,
        });
    }

    private static IEnumerable<RawRow> Rows(Stream content, LedgerLimits limits)
    {
        var bounds = new ReaderBounds(limits);
        content.Position = 0;
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var entries = GuardEntries(zip, limits);
        var package = new Package(entries, limits.MaxUnpackedBytes);
        var workbookPath = package.FindWorkbook();
        var relationships = package.ReadRelationships(workbookPath, limits.MaxSheets + 100, limits.MaxSheets);
        var sheetTarget = package.FirstVisibleSheet(workbookPath, relationships, limits.MaxSheets);
        var sharedStrings = relationships.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)) is { } strings
            ? package.ReadSharedStrings(Package.Resolve(workbookPath, strings.Target), bounds)
            : [];
        var worksheet = package.Entry(Package.Resolve(workbookPath, sheetTarget))
            ?? throw FileProblems.NotSpreadsheet("the workbook's first visible worksheet is missing");
        using var reader = package.Open(worksheet, long.MaxValue, null);
        foreach (var row in ReadRows(reader, sharedStrings, bounds))
        {
            yield return row;
        }
    }

    private static IEnumerable<RawRow> ReadRows(XmlReader reader, string[] sharedStrings, ReaderBounds bounds)
    {
        RawRow? ready = null;
        var record = new RowCellsBuilder();
        var text = new StringBuilder();
        var inRow = false;
        var inCell = false;
        var capture = false;
        var phonetic = false;
        var filled = false;
        long previous = 0;
        var number = 0;
        var nextColumn = 0;
        var column = 0;
        string? type = null;

        void EndCell()
        {
            var value = type switch
            {
                "s" => int.TryParse(text.ToString(), out var i) && i >= 0 && i < sharedStrings.Length ? sharedStrings[i] : string.Empty,
                "b" => text.Length == 0 ? string.Empty : text.ToString() == "1" ? "TRUE" : "FALSE",
                _ => text.ToString(),
            };

            if (value.Length > 0)
            {
                bounds.HoldCell();
                if (type != "s")
                {
                    bounds.HoldText(value.Length);
                }

                record.Add(column, value);
                filled |= !string.IsNullOrWhiteSpace(value);
            }

            nextColumn = column + 1;
            inCell = false;
            capture = false;
            phonetic = false;
        }

        void EndRow()
        {
            if (filled)
            {
                bounds.CountDataRow(ReaderBounds.RowsAboveHeader);
                ready = new RawRow(number, record.Build());
            }

            inRow = false;
        }

        while (reader.Read())
        {
            CheckDepth(reader);
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.LocalName == "row" && !inRow:
                    bounds.CountSheetRow();
                    var stated = RowNumber(reader.GetAttribute("r"));
                    var current = stated ?? previous + 1;
                    bounds.CheckSheetRowNumber(current);
                    previous = current;
                    number = (int)current;
                    nextColumn = 0;
                    filled = false;
                    record.Clear();
                    inRow = true;
                    if (reader.IsEmptyElement)
                    {
                        EndRow();
                    }

                    break;
                case XmlNodeType.Element when reader.LocalName == "c" && inRow && !inCell:
                    var reference = reader.GetAttribute("r");
                    var referenced = reference is null ? -1 : ColumnOf(reference);
                    if (referenced >= 0 && referenced < nextColumn)
                    {
                        throw FileProblems.Corrupt($"cell {reference} is out of order in row {number}");
                    }

                    bounds.CheckColumn(number, referenced >= 0 ? referenced : nextColumn);
                    column = referenced >= 0 ? (int)referenced : nextColumn;
                    type = reader.GetAttribute("t");
                    text.Clear();
                    inCell = true;
                    if (reader.IsEmptyElement)
                    {
                        EndCell();
                    }

                    break;
                case XmlNodeType.Element when inCell && !reader.IsEmptyElement:
                    // A value is the <v> of a plain cell or the <t> runs of an inline string, never the phonetic
                    // reading (<rPh>) Excel stores beside East Asian text.
                    if (reader.LocalName == "rPh")
                    {
                        phonetic = true;
                    }

                    capture = !phonetic && (reader.LocalName == "v" || (reader.LocalName == "t" && type == "inlineStr"));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when capture:
                    text.Append(reader.Value);
                    bounds.CheckCellLength(number, column, text.Length);
                    break;
                case XmlNodeType.EndElement:
                    switch (reader.LocalName)
                    {
                        case "c" when inCell:
                            EndCell();
                            break;
                        case "row" when inRow:
                            if (inCell)
                            {
                                EndCell();
                            }

                            EndRow();
                            break;
                        case "rPh":
                            phonetic = false;
                            capture = false;
                            break;
                        case "sheetData":
                            // Merged cells, conditional formats and the rest come after the data: not needed, not read.
                            yield break;
                        default:
                            capture = false;
                            break;
                    }

                    break;
                default:
                    break;
            }

            if (ready is not null)
            {
                yield return ready;
                ready = null;
            }
        }
    }

    private static long? RowNumber(string? stated)
    {
        if (string.IsNullOrEmpty(stated))
        {
            return null;
        }

        if (long.TryParse(stated, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 ? number : throw FileProblems.Corrupt($"row number {stated} is not positive");
        }

        // All digits yet too long for a long: a row number past any bound.
        return stated.All(char.IsAsciiDigit) ? long.MaxValue : throw FileProblems.Corrupt($"row number '{stated}' is not a number");
    }

    /// <summary>Zero-based column of a reference such as "AB12", or -1 when it starts with no letters. Stops
    /// counting once past Excel's 16,384 columns, so "ZZZZZZZZZZ1" is a large column, not an overflow.</summary>
    private static long ColumnOf(string reference)
    {
        long column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            column = Math.Min((column * 26) + (c - 'A' + 1), 1L << 40);
        }

        return column - 1;
    }

    /// <summary>Zero-based column of a reference such as "AB12".</summary>
    public static int ColumnIndex(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return (int)Math.Min(ColumnOf(reference), int.MaxValue);
    }

    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static void CheckDepth(XmlReader reader)
    {
        if (reader.Depth > MaxXmlDepth)
        {
            throw FileProblems.Corrupt($"the XML nests deeper than {MaxXmlDepth} levels");
        }
    }

    /// <summary>Checks the archive's directory (what each entry says it unpacks to) before anything is unpacked.</summary>
    private static Dictionary<string, ZipArchiveEntry> GuardEntries(ZipArchive zip, LedgerLimits limits)
    {
        // A sheet's own relationships (xl/worksheets/_rels/sheet1.xml.rels) are not another sheet.
        var worksheets = zip.Entries.Count(e => e.FullName.Contains("worksheets/", StringComparison.OrdinalIgnoreCase)
            && !e.FullName.Contains("_rels/", StringComparison.OrdinalIgnoreCase));
        if (worksheets > limits.MaxSheets)
        {
            throw FileProblems.TooManySheets(worksheets, limits.MaxSheets);
        }

        if (zip.Entries.Count > MaxEntries)
        {
            throw FileProblems.ZipBomb();
        }

        long total = 0;
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            var ratio = entry.CompressedLength == 0 ? 0 : (double)entry.Length / entry.CompressedLength;
            if (total > limits.MaxUnpackedBytes || (entry.Length > 1_000_000 && ratio > MaxCompressionRatio))
            {
                throw FileProblems.ZipBomb();
            }

            entries.TryAdd(entry.FullName.TrimStart('/'), entry);
        }

        if (!entries.ContainsKey(WorkbookDefault) && !entries.ContainsKey("_rels/.rels"))
        {
            throw FileProblems.NotSpreadsheet("the zip archive is not an Excel workbook");
        }

        return entries;
    }

    private sealed record Relationship(string Type, string Target);

    /// <summary>The parts of an OPC package that a ledger needs, each read through a guarded stream.</summary>
    private sealed class Package(Dictionary<string, ZipArchiveEntry> entries, long maxUnpackedBytes)
    {
        private static readonly XmlReaderSettings Settings = new()
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };

        private readonly UnpackBudget budget = new(maxUnpackedBytes);

        public ZipArchiveEntry? Entry(string path) => entries.GetValueOrDefault(path);

        public XmlReader Open(ZipArchiveEntry entry, long entryLimit, Func<Liuhu.Core.Problems.ProblemException>? onEntryLimit) =>
            XmlReader.Create(new GuardedStream(entry.Open(), budget, entryLimit, onEntryLimit), Settings);

        public string FindWorkbook()
        {
            var root = Entry("_rels/.rels");
            if (root is not null)
            {
                var rels = ReadRelationships(root, 100, 100);
                if (rels.Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)) is { } office)
                {
                    var path = Resolve(string.Empty, office.Target);
                    return Entry(path) is null ? throw FileProblems.NotSpreadsheet("the package has no workbook") : path;
                }
            }

            return Entry(WorkbookDefault) is null ? throw FileProblems.NotSpreadsheet("the zip archive is not an Excel workbook") : WorkbookDefault;
        }

        public Dictionary<string, Relationship> ReadRelationships(string partPath, int maxRelationships, int maxSheets)
        {
            var slash = partPath.LastIndexOf('/');
            var relsPath = $"{partPath[..(slash + 1)]}_rels/{partPath[(slash + 1)..]}.rels";
            return Entry(relsPath) is { } entry ? ReadRelationships(entry, maxRelationships, maxSheets) : [];
        }

        private Dictionary<string, Relationship> ReadRelationships(ZipArchiveEntry entry, int maxRelationships, int maxSheets)
        {
            var relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal);
            using var reader = Open(entry, long.MaxValue, null);
            while (reader.Read())
            {
                CheckDepth(reader);
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target
                    && reader.GetAttribute("TargetMode") != "External")
                {
                    // A workbook relates to each sheet plus a handful of other parts, so this many means sheets.
                    if (relationships.Count >= maxRelationships)
                    {
                        throw FileProblems.TooManySheets(relationships.Count, maxSheets);
                    }

                    relationships.TryAdd(id, new Relationship(reader.GetAttribute("Type") ?? string.Empty, target));
                }
            }

            return relationships;
        }

        public string FirstVisibleSheet(string workbookPath, Dictionary<string, Relationship> relationships, int maxSheets)
        {
            var workbook = Entry(workbookPath) ?? throw FileProblems.NotSpreadsheet("the package has no workbook");
            string? first = null;
            var sheets = 0;
            using var reader = Open(workbook, long.MaxValue, null);
            while (reader.Read())
            {
                CheckDepth(reader);
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "sheet")
                {
                    continue;
                }

                if (++sheets > maxSheets)
                {
                    throw FileProblems.TooManySheets(sheets, maxSheets);
                }

                var state = reader.GetAttribute("state");
                if (first is null && (state is null or "visible") && RelationshipId(reader) is { } id
                    && relationships.TryGetValue(id, out var relationship))
                {
                    first = relationship.Target;
                }
            }

            return first ?? throw FileProblems.NotSpreadsheet("the workbook has no visible worksheet");
        }

        /// <summary>Reads the shared string table, refusing it by its declared size before reading any of it,
        /// and by its count, bytes and characters while reading in case the declaration lies.</summary>
        public string[] ReadSharedStrings(string path, ReaderBounds bounds)
        {
            var limits = bounds.Limits;
            if (Entry(path) is not { } entry)
            {
                return [];
            }

            if (entry.Length > limits.MaxSharedStringBytes)
            {
                throw FileProblems.TooManySharedStrings(nameof(limits.MaxSharedStringBytes), limits.MaxSharedStringBytes);
            }

            var strings = new List<string>();
            var text = new StringBuilder();
            var inItem = false;
            var capture = false;
            var phonetic = false;
            using var reader = Open(entry, limits.MaxSharedStringBytes,
                () => FileProblems.TooManySharedStrings(nameof(limits.MaxSharedStringBytes), limits.MaxSharedStringBytes));
            while (reader.Read())
            {
                CheckDepth(reader);
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.LocalName == "sst"
                        && long.TryParse(reader.GetAttribute("uniqueCount"), out var declared) && declared > limits.MaxSharedStrings:
                        // Excel states the count up front; a file that lies about it is still counted below.
                        throw FileProblems.TooManySharedStrings(nameof(limits.MaxSharedStrings), limits.MaxSharedStrings);
                    case XmlNodeType.Element when reader.LocalName == "si":
                        text.Clear();
                        inItem = !reader.IsEmptyElement;
                        if (!inItem)
                        {
                            Add(string.Empty);
                        }

                        break;
                    case XmlNodeType.Element when reader.LocalName == "rPh":
                        phonetic = !reader.IsEmptyElement;
                        break;
                    case XmlNodeType.Element when reader.LocalName == "t" && inItem && !phonetic:
                        capture = !reader.IsEmptyElement;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when capture:
                        text.Append(reader.Value);
                        if (text.Length > limits.MaxCellChars)
                        {
                            throw FileProblems.TooManySharedStrings(nameof(limits.MaxCellChars), limits.MaxCellChars);
                        }

                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "si" && inItem:
                        Add(text.ToString());
                        inItem = false;
                        capture = false;
                        phonetic = false;
                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "rPh":
                        phonetic = false;
                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "t":
                        capture = false;
                        break;
                    default:
                        break;
                }
            }

            return [.. strings];

            void Add(string value)
            {
                if (strings.Count >= limits.MaxSharedStrings)
                {
                    throw FileProblems.TooManySharedStrings(nameof(limits.MaxSharedStrings), limits.MaxSharedStrings);
                }

                bounds.HoldText(value.Length);
                strings.Add(value);
            }
        }

        private static string? RelationshipId(XmlReader reader)
        {
            // r:id in the transitional namespace or the strict one; any namespaced "id" will do.
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (reader.LocalName == "id" && reader.NamespaceURI.Length > 0)
                {
                    var id = reader.Value;
                    reader.MoveToElement();
                    return id;
                }
            }

            reader.MoveToElement();
            return null;
        }

        /// <summary>Resolves a relationship target against the folder of the part that holds it.</summary>
        public static string Resolve(string partPath, string target)
        {
            var parts = new List<string>();
            var unescaped = Uri.UnescapeDataString(target.Replace('\\', '/'));
            if (!unescaped.StartsWith('/'))
            {
                parts.AddRange(partPath.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));
            }

            foreach (var segment in unescaped.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (segment == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }
                else if (segment != ".")
                {
                    parts.Add(segment);
                }
            }

            return string.Join('/', parts);
        }
    }

    /// <summary>What is left of MaxUnpackedBytes, shared by every part read from one package.</summary>
    private sealed class UnpackBudget(long remaining)
    {
        public void Spend(int bytes)
        {
            remaining -= bytes;
            if (remaining < 0)
            {
                throw FileProblems.ZipBomb();
            }
        }
    }

    /// <summary>An unpacked part as the XML reader sees it: counted against the package's budget and the part's
    /// own limit as the bytes arrive (an archive's declared sizes can lie), and refused if a single XML token
    /// (the bytes between one '&lt;' and the next) grows past <see cref="MaxXmlTokenBytes"/>.</summary>
    private sealed class GuardedStream(Stream inner, UnpackBudget budget, long entryLimit, Func<Liuhu.Core.Problems.ProblemException>? onEntryLimit) : Stream
    {
        private long read;
        private long sinceTag;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            var chunk = buffer[..n];
            budget.Spend(n);
            read += n;
            if (read > entryLimit)
            {
                throw onEntryLimit?.Invoke() ?? FileProblems.ZipBomb();
            }

            var first = chunk.IndexOf((byte)'<');
            if (first < 0)
            {
                sinceTag += n;
            }
            else
            {
                sinceTag += first;
                if (sinceTag <= MaxXmlTokenBytes)
                {
                    sinceTag = n - 1 - chunk.LastIndexOf((byte)'<');
                }
            }

            return sinceTag > MaxXmlTokenBytes ? throw FileProblems.XmlTokenTooLarge(MaxXmlTokenBytes) : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
