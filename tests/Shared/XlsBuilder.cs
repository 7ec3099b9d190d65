using System.Buffers.Binary;
using System.Text;

namespace Liuhu.Testing;

/// <summary>Writes real legacy .xls workbooks (BIFF8 records in a version-3 OLE compound file) for tests, since no
/// Excel runs here: the workbook globals (BOF, CODEPAGE, a FONT and the XF records a cell refers to, BOUNDSHEET,
/// an optional SST, EOF), then one worksheet (BOF, DIMENSIONS, LABEL/LABELSST/NUMBER cells, EOF). Text cells are
/// written as LABEL records, or as LABELSST into a shared string table when <c>sharedStrings</c> is set.</summary>
public static class XlsBuilder
{
    private const int SectorSize = 512;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint FreeSector = 0xFFFFFFFF;

    /// <summary>A workbook with one sheet of these rows (1-based Excel row numbers; null cells are left out).</summary>
    public static byte[] Build(IEnumerable<(int Row, object?[] Cells)> rows, bool sharedStrings = false, bool hidden = false, byte[]? filePass = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var strings = new List<string>();
        var sheet = SheetStream(list, sharedStrings ? strings : null);
        var globals = GlobalsStream(sheetOffset: 0, strings, hidden, filePass);

        // BOUNDSHEET holds the sheet's absolute offset in the stream, which depends on the globals' length.
        globals = GlobalsStream(globals.Length, strings, hidden, filePass);
        return Compound("Workbook", [.. globals, .. sheet]);
    }

    /// <summary>An OLE compound file holding one stream, padded to the 4,096 bytes below which a stream would live
    /// in the mini stream (which this writer does not write).</summary>
    public static byte[] Compound(string streamName, byte[] stream, uint? declaredSize = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var padded = new byte[Math.Max(4096, (stream.Length + SectorSize - 1) / SectorSize * SectorSize)];
        stream.CopyTo(padded, 0);
        var streamSectors = padded.Length / SectorSize;
        if (streamSectors + 2 > SectorSize / 4)
        {
            throw new ArgumentException("This writer keeps the FAT in one sector: streams up to about 63 KB.", nameof(stream));
        }

        var file = new byte[SectorSize * (3 + streamSectors)];
        var header = file.AsSpan(0, SectorSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header, 0xE11AB1A1E011CFD0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1); // one FAT sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1); // directory in sector 1
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x4C..], 0); // the FAT is sector 0
        for (var i = 1; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (4 * i))..], FreeSector);
        }

        var fat = file.AsSpan(SectorSize, SectorSize);
        for (var i = 0; i < SectorSize / 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(4 * i)..], FreeSector);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(fat, FatSector);
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], EndOfChain);
        for (var s = 0; s < streamSectors; s++)
        {
            var id = 2 + s;
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(4 * id)..], s == streamSectors - 1 ? EndOfChain : (uint)(id + 1));
        }

        var directory = file.AsSpan(2 * SectorSize, SectorSize);
        DirectoryEntry(directory[..128], "Root Entry", 5, EndOfChain, 0, child: 1);
        DirectoryEntry(directory[128..256], streamName, 2, 2, declaredSize ?? (uint)padded.Length, child: FreeSector);
        padded.CopyTo(file, 3 * SectorSize);
        return file;
    }

    /// <summary>A FILEPASS record for RC4 encryption whose verifier matches no password, as a file saved with an
    /// opening password looks to a reader that does not know it.</summary>
    public static byte[] Rc4FilePass()
    {
        var body = new byte[2 + 4 + 48];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), 1);
        for (var i = 6; i < body.Length; i++)
        {
            body[i] = (byte)(i * 37);
        }

        return body;
    }

    private static void DirectoryEntry(Span<byte> entry, string name, byte type, uint start, uint size, uint child)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name + "\0");
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)nameBytes.Length);
        entry[0x42] = type;
        entry[0x43] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], FreeSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], FreeSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[0x78..], size);
    }

    private static byte[] GlobalsStream(int sheetOffset, List<string> strings, bool hidden, byte[]? filePass)
    {
        var records = new MemoryStream();
        Record(records, 0x0809, Bof(0x0005));
        if (filePass is not null)
        {
            Record(records, 0x002F, filePass);
        }

        Record(records, 0x0042, [0xB0, 0x04]); // CODEPAGE 1200: strings are UTF-16
        var font = new byte[14];
        BinaryPrimitives.WriteUInt16LittleEndian(font, 200);
        BinaryPrimitives.WriteUInt16LittleEndian(font.AsSpan(6), 400);
        Record(records, 0x0031, [.. font, .. ShortUnicode("Arial")]);

        // Excel expects 15 style XFs and one cell XF; index 15 is the cell format every cell here uses.
        for (var i = 0; i < 16; i++)
        {
            var xf = new byte[20];
            BinaryPrimitives.WriteUInt16LittleEndian(xf.AsSpan(4), (ushort)(i < 15 ? 0xFFF5 : 0x0001));
            Record(records, 0x00E0, xf);
        }

        var boundSheet = new byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(boundSheet, (uint)sheetOffset);
        boundSheet[4] = hidden ? (byte)1 : (byte)0;
        Record(records, 0x0085, [.. boundSheet, .. ShortUnicode("用工台账")]);
        if (strings.Count > 0)
        {
            var sst = new MemoryStream();
            Span<byte> counts = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(counts, (uint)strings.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(counts[4..], (uint)strings.Count);
            sst.Write(counts);
            foreach (var text in strings)
            {
                sst.Write(LongUnicode(text));
            }

            if (sst.Length > 8224)
            {
                throw new ArgumentException("This writer does not split the SST into CONTINUE records; use fewer strings.");
            }

            Record(records, 0x00FC, sst.ToArray());
        }

        Record(records, 0x000A, []);
        return records.ToArray();
    }

    private static byte[] SheetStream(List<(int Row, object?[] Cells)> rows, List<string>? strings)
    {
        var records = new MemoryStream();
        Record(records, 0x0809, Bof(0x0010));
        var dimensions = new byte[14];
        var lastRow = rows.Count == 0 ? 0 : rows.Max(r => r.Row);
        var lastColumn = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(dimensions, (uint)(rows.Count == 0 ? 0 : rows.Min(r => r.Row) - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(dimensions.AsSpan(4), (uint)lastRow);
        BinaryPrimitives.WriteUInt16LittleEndian(dimensions.AsSpan(10), (ushort)lastColumn);
        Record(records, 0x0200, dimensions);
        foreach (var (number, cells) in rows)
        {
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = new byte[6];
                BinaryPrimitives.WriteUInt16LittleEndian(cell, (ushort)(number - 1));
                BinaryPrimitives.WriteUInt16LittleEndian(cell.AsSpan(2), (ushort)c);
                BinaryPrimitives.WriteUInt16LittleEndian(cell.AsSpan(4), 15);
                switch (cells[c])
                {
                    case null:
                        break;
                    case string text when strings is not null:
                        var index = strings.IndexOf(text);
                        if (index < 0)
                        {
                            index = strings.Count;
                            strings.Add(text);
                        }

                        var sstIndex = new byte[4];
                        BinaryPrimitives.WriteUInt32LittleEndian(sstIndex, (uint)index);
                        Record(records, 0x00FD, [.. cell, .. sstIndex]);
                        break;
                    case string text:
                        Record(records, 0x0204, [.. cell, .. LongUnicode(text)]);
                        break;
                    default:
                        var number64 = new byte[8];
                        BinaryPrimitives.WriteDoubleLittleEndian(number64, Convert.ToDouble(cells[c], System.Globalization.CultureInfo.InvariantCulture));
                        Record(records, 0x0203, [.. cell, .. number64]);
                        break;
                }
            }
        }

        Record(records, 0x000A, []);
        return records.ToArray();
    }

    private static byte[] Bof(ushort type)
    {
        var bof = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(bof, 0x0600);
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(4), 0x0DBB);
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(6), 0x07CC);
        return bof;
    }

    /// <summary>XLUnicodeString: a 16-bit character count, a flags byte (1 = UTF-16), the characters.</summary>
    private static byte[] LongUnicode(string text)
    {
        var count = new byte[3];
        BinaryPrimitives.WriteUInt16LittleEndian(count, (ushort)text.Length);
        count[2] = 1;
        return [.. count, .. Encoding.Unicode.GetBytes(text)];
    }

    /// <summary>ShortXLUnicodeString: an 8-bit character count, a flags byte, the characters.</summary>
    private static byte[] ShortUnicode(string text) => [(byte)text.Length, 1, .. Encoding.Unicode.GetBytes(text)];

    private static void Record(MemoryStream stream, ushort type, byte[] body)
    {
        if (body.Length > 8224)
        {
            throw new ArgumentException($"A BIFF8 record holds at most 8,224 bytes; record 0x{type:X4} has {body.Length}.");
        }

        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)body.Length);
        stream.Write(header);
        stream.Write(body);
    }
}
