namespace Liuhu.Core.Ledgers;

/// <summary>Rows read lazily, with the exceptions a reader's underlying parser throws (zip, XML, decoding) turned
/// into the file problems an uploader can read, wherever in the file they happen: an iterator cannot catch
/// around its own <c>yield return</c>, so the translation sits around each step of the enumeration instead.</summary>
internal sealed class TranslatedRows(IEnumerable<RawRow> inner, Func<Exception, Exception?> translate) : IEnumerable<RawRow>
{
    public IEnumerator<RawRow> GetEnumerator()
    {
        IEnumerator<RawRow> rows;
        try
        {
            rows = inner.GetEnumerator();
        }
        catch (Exception ex) when (translate(ex) is { } problem)
        {
            throw problem;
        }

        return Translate(rows);
    }

    private IEnumerator<RawRow> Translate(IEnumerator<RawRow> rows)
    {
        using (rows)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = rows.MoveNext();
                }
                catch (Exception ex) when (translate(ex) is { } problem)
                {
                    throw problem;
                }

                if (!more)
                {
                    yield break;
                }

                yield return rows.Current;
            }
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
