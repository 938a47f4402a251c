using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Builder.Data;
using Microsoft.Extensions.Configuration;
using static Builder.Data.DataProtectionKeyEncryption;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// Which key-encryption key the configuration chooses: a PFX file, a certificate in the CurrentUser or LocalMachine
/// My store by thumbprint, a configured key, or (Development only) the generated key file; what cannot work is refused
/// at start-up, naming the setting.
/// </summary>
public sealed class KeyEncryptionChoiceTests
{
    private const string Thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";

    private static IConfiguration Settings(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void A_thumbprint_chooses_the_certificate_store_normalized_as_copied_from_a_certificate_viewer()
    {
        var source = ChooseKeySource(Settings((CertificateThumbprintSetting, "\u200e01 23 45 67 89 ab cd ef 01:23:45:67:89:AB:CD:EF:01:23:45:67 ")), isDevelopment: false);

        Assert.Equal(new KeySource(KeySourceKind.CertificateStore, Thumbprint), source);
    }

    [Fact]
    public void The_other_settings_choose_as_before()
    {
        Assert.Equal(new KeySource(KeySourceKind.CertificateFile, "/keys/ring.pfx"),
            ChooseKeySource(Settings((CertificatePathSetting, "/keys/ring.pfx"), (KeySetting, "ignored")), false));
        Assert.Equal(new KeySource(KeySourceKind.CertificateStore, Thumbprint),
            ChooseKeySource(Settings((CertificateThumbprintSetting, Thumbprint), (KeySetting, "ignored")), false));
        Assert.Equal(KeySourceKind.ConfiguredKey, ChooseKeySource(Settings((KeySetting, "a2V5")), false).Kind);
        Assert.Equal(KeySourceKind.DevelopmentKeyFile, ChooseKeySource(Settings(), isDevelopment: true).Kind);
    }

    [Theory]
    [InlineData("0123")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456Z")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567AB")]
    public void A_thumbprint_that_is_not_40_hex_digits_is_refused_naming_the_setting(string thumbprint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChooseKeySource(Settings((CertificateThumbprintSetting, thumbprint)), false));
        Assert.Contains(CertificateThumbprintSetting, error.Message);
    }

    [Fact]
    public void A_path_and_a_thumbprint_together_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ChooseKeySource(Settings((CertificatePathSetting, "/keys/ring.pfx"), (CertificateThumbprintSetting, Thumbprint)), false));
        Assert.Contains("either", error.Message);
    }

    [Fact]
    public void Nothing_outside_Development_is_refused_naming_all_three_ways()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChooseKeySource(Settings(), isDevelopment: false));
        Assert.Contains(KeySetting, error.Message);
        Assert.Contains(CertificatePathSetting, error.Message);
        Assert.Contains(CertificateThumbprintSetting, error.Message);
    }

    [Fact]
    public void The_certificate_is_loaded_with_its_private_key_from_the_current_users_store()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Builder key ring test " + Guid.NewGuid().ToString("N"), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var exportable = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(exportable);
        try
        {
            using var found = FindCertificate(NormalizeThumbprint(exportable.Thumbprint.ToLowerInvariant()));

            Assert.Equal(exportable.Thumbprint, found.Thumbprint);
            Assert.True(found.HasPrivateKey);
        }
        finally
        {
            store.Remove(exportable);
        }
    }

    [Fact]
    public void A_thumbprint_in_no_store_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FindCertificate(Thumbprint));
        Assert.Contains(CertificateThumbprintSetting, error.Message);
        Assert.Contains("neither the CurrentUser nor the LocalMachine My store", error.Message);
    }
}
