using System.Buffers.Binary;
using System.Text;

namespace Liuhu.Core.Ledgers;

/// <summary>Checks an OLE compound file (the container of a legacy .xls) before any reader trusts it: the sector
/// tables are walked with every chain bounded and checked for cycles, every stream's declared size must fit in the
/// file, and the workbook's global records are scanned for the shared-string count and the number of sheets.</summary>
/// <remarks>A compound file is not compressed, so its "bomb" is a header or directory that claims more than the
/// file holds (a 4 GB stream, a FAT that names a billion sectors, a chain that loops): a reader that believed it
/// would allocate or loop without end. Everything here costs at most a few passes over the file's own bytes.</remarks>
internal static class CompoundFileGuard
{
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FreeSector = 0xFFFFFFFF;
    private const int HeaderDifatEntries = 109;
    private const int DirectoryEntrySize = 128;
    private const ushort SharedStringRecord = 0x00FC;
    private const ushort BoundSheetRecord = 0x0085;
    private const ushort EndOfFileRecord = 0x000A;
    private const ushort FilePassRecord = 0x002F;

    public static void Check(byte[] content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        if (content.Length < 512)
        {
            throw FileProblems.Corrupt("the compound file is shorter than its 512-byte header");
        }

        var span = content.AsSpan();
        var major = U16(span, 0x1A);
        var sectorShift = U16(span, 0x1E);
        if ((major, sectorShift) is not ((3, 9) or (4, 12)) || U16(span, 0x20) != 6 || U32(span, 0x38) != 4096)
        {
            throw FileProblems.Corrupt("the compound file header is not version 3 or 4 with standard sector sizes");
        }

        var sectorSize = 1 << sectorShift;
        var headerSize = major == 3 ? 512 : 4096;
        var sectorCount = (content.Length - headerSize + sectorSize - 1) / sectorSize;
        if (sectorCount <= 0)
        {
            throw FileProblems.Corrupt("the compound file holds no sectors");
        }

        var fatSectorCount = U32(span, 0x2C);
        var difatSectorCount = U32(span, 0x48);
        var miniFatSectorCount = U32(span, 0x40);
        if (fatSectorCount > (uint)sectorCount || difatSectorCount > (uint)sectorCount || miniFatSectorCount > (uint)sectorCount)
        {
            // The header names more table sectors than the file has: a reader would loop or allocate for each.
            throw FileProblems.ZipBomb();
        }

        var file = new Sectors(content, headerSize, sectorSize, sectorCount);
        var fat = file.ReadFat(FatSectorIds(file, span, difatSectorCount));
        var entries = file.ReadDirectory(file.Chain(fat, U32(span, 0x30)));
        if (entries.Any(e => e.Name is "EncryptionInfo" or "EncryptedPackage"))
        {
            // An .xlsx saved with a password is a compound file holding the encrypted package.
            throw FileProblems.Encrypted();
        }

        foreach (var entry in entries.Where(e => e.Type is 2 or 5))
        {
            // Past the unpacked budget it is a bomb; past the file's end it is a damaged file, which the chain shows.
            if (entry.Size > (ulong)limits.MaxUnpackedBytes)
            {
                throw FileProblems.ZipBomb();
            }

            if (entry.Type == 5 || entry.Size >= 4096)
            {
                var chain = entry.Size == 0 ? [] : file.Chain(fat, entry.Start);
                if ((ulong)chain.Count * (ulong)sectorSize < entry.Size)
                {
                    throw FileProblems.Corrupt($"stream '{entry.Name}' is shorter than its stated size");
                }
            }
        }

        file.Chain(fat, U32(span, 0x3C));
        var workbook = entries.FirstOrDefault(e => e.Type == 2 && e.Name is "Workbook" or "Book")
            ?? throw FileProblems.NotSpreadsheet("the compound file holds no Excel workbook stream (a Word document, or another kind of file?)");
        if (workbook.Size >= 4096)
        {
            // A stream this small lives in the mini stream and cannot hold a table large enough to matter.
            ScanGlobals(file.Read(file.Chain(fat, workbook.Start), (int)workbook.Size), limits);
        }
    }

    /// <summary>The FAT's own sectors: 109 ids in the header, the rest in a chain of DIFAT sectors.</summary>
    private static List<uint> FatSectorIds(Sectors file, ReadOnlySpan<byte> header, uint difatSectorCount)
    {
        var ids = new List<uint>();
        for (var i = 0; i < HeaderDifatEntries; i++)
        {
            ids.Add(U32(header, 0x4C + (4 * i)));
        }

        var next = U32(header, 0x44);
        var visited = new HashSet<uint>();
        for (var i = 0u; i < difatSectorCount && next is not (EndOfChain or FreeSector); i++)
        {
            if (!visited.Add(next))
            {
                throw FileProblems.Corrupt("the DIFAT chain loops");
            }

            var sector = file.Sector(next);
            for (var j = 0; j < (sector.Length / 4) - 1; j++)
            {
                ids.Add(U32(sector, 4 * j));
            }

            next = U32(sector, sector.Length - 4);
        }

        ids.RemoveAll(id => id is EndOfChain or FreeSector);
        return ids.Count > file.Count ? throw FileProblems.ZipBomb() : ids;
    }

    /// <summary>The workbook globals (until the first EOF record): how many shared strings the SST says it holds,
    /// which the .xls reader would set out to read, and how many sheets there are.</summary>
    private static void ScanGlobals(byte[] stream, LedgerLimits limits)
    {
        var sheets = 0;
        for (var at = 0; at + 4 <= stream.Length;)
        {
            var type = U16(stream, at);
            var size = U16(stream, at + 2);
            switch (type)
            {
                case SharedStringRecord when size >= 8 && at + 12 <= stream.Length:
                    var unique = U32(stream, at + 8);
                    if (unique > limits.MaxSharedStrings)
                    {
                        throw FileProblems.TooManySharedStrings(nameof(LedgerLimits.MaxSharedStrings), limits.MaxSharedStrings);
                    }

                    break;
                case BoundSheetRecord when ++sheets > limits.MaxSheets:
                    throw FileProblems.TooManySheets(sheets, limits.MaxSheets);
                case EndOfFileRecord or FilePassRecord:
                    // Past FILEPASS the records are encrypted; the reader decides whether it can open them.
                    return;
                default:
                    break;
            }

            at += 4 + size;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);

    private sealed record Entry(string Name, byte Type, uint Start, ulong Size);

    private sealed class Sectors(byte[] content, int headerSize, int sectorSize, int count)
    {
        public int Count => count;

        public ReadOnlySpan<byte> Sector(uint id)
        {
            if (id >= (uint)count)
            {
                throw FileProblems.Corrupt($"sector {id} is past the end of the file");
            }

            var start = headerSize + ((int)id * sectorSize);
            var length = Math.Min(sectorSize, content.Length - start);
            return length == sectorSize ? content.AsSpan(start, length) : Padded(start, length);
        }

        public uint[] ReadFat(List<uint> fatSectors)
        {
            var perSector = sectorSize / 4;
            var fat = new uint[fatSectors.Count * perSector];
            for (var i = 0; i < fatSectors.Count; i++)
            {
                var sector = Sector(fatSectors[i]);
                for (var j = 0; j < perSector; j++)
                {
                    fat[(i * perSector) + j] = U32(sector, 4 * j);
                }
            }

            return fat;
        }

        /// <summary>A chain of sectors from the FAT: every link inside the file, none visited twice.</summary>
        public List<uint> Chain(uint[] fat, uint start)
        {
            var chain = new List<uint>();
            var visited = new HashSet<uint>();
            for (var sector = start; sector is not (EndOfChain or FreeSector);)
            {
                if (sector >= (uint)count || sector >= (uint)fat.Length || !visited.Add(sector))
                {
                    throw FileProblems.Corrupt("a sector chain leaves the file or loops");
                }

                chain.Add(sector);
                sector = fat[sector];
            }

            return chain;
        }

        public byte[] Read(List<uint> chain, int length)
        {
            var bytes = new byte[length];
            var at = 0;
            foreach (var id in chain)
            {
                if (at >= length)
                {
                    break;
                }

                var sector = Sector(id);
                var take = Math.Min(sector.Length, length - at);
                sector[..take].CopyTo(bytes.AsSpan(at));
                at += take;
            }

            return bytes;
        }

        public List<Entry> ReadDirectory(List<uint> chain)
        {
            var entries = new List<Entry>();
            foreach (var id in chain)
            {
                var sector = Sector(id);
                for (var at = 0; at + DirectoryEntrySize <= sector.Length; at += DirectoryEntrySize)
                {
                    var entry = sector.Slice(at, DirectoryEntrySize);
                    var type = entry[0x42];
                    if (type == 0)
                    {
                        continue;
                    }

                    var nameBytes = Math.Min((int)U16(entry, 0x40), 64);
                    var name = Encoding.Unicode.GetString(entry[..Math.Max(0, nameBytes - 2)]);
                    var size = sectorSize == 512 ? U32(entry, 0x78) : BinaryPrimitives.ReadUInt64LittleEndian(entry[0x78..]);
                    entries.Add(new Entry(name, type, U32(entry, 0x74), size));
                }
            }

            return entries;
        }

        private byte[] Padded(int start, int length)
        {
            var padded = new byte[sectorSize];
            if (length > 0)
            {
                content.AsSpan(start, length).CopyTo(padded);
            }

            return padded;
        }
    }
}
