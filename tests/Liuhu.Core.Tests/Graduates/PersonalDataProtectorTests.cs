using System.Security.Cryptography;
using Liuhu.Core.Graduates;
using Liuhu.Testing;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Tests.Graduates;

public class PersonalDataProtectorTests
{
    [Fact]
    public void Protect_Unprotect_RoundTripWithoutPlaintext()
    {
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { EncryptionKey = TestData.NewKey() }));
        var stored = protector.Protect("张三 13812345678")!;
        Assert.DoesNotContain("张三", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect("张三 13812345678")); // fresh nonce each time
        Assert.Equal("张三 13812345678", protector.Unprotect(stored));
    }

    [Fact]
    public void Unprotect_AfterRotation_OldValuesStillReadable()
    {
        var oldKey = TestData.NewKey();
        var before = new PersonalDataProtector(Options.Create(new PersonalDataOptions { EncryptionKey = oldKey, KeyId = "k1" }));
        var stored = before.Protect("李四");
        var after = new PersonalDataProtector(Options.Create(new PersonalDataOptions
        {
            EncryptionKey = TestData.NewKey(),
            KeyId = "k2",
            PreviousKeys = { ["k1"] = oldKey },
        }));
        Assert.Equal("李四", after.Unprotect(stored));
        Assert.StartsWith("k2:", after.Protect("李四"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_TamperedValue_Throws()
    {
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { EncryptionKey = TestData.NewKey() }));
        var stored = protector.Protect("王五")!;
        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("k1:" + Convert.ToBase64String(bytes)));
    }
}
