using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Data;

/// <summary>
/// Encrypts the Data Protection key ring (which lives in the database) with a key-encryption key that does not: a copy
/// of the database alone then opens neither a secret value nor a session cookie.
/// <list type="bullet">
/// <item><c>DataProtection:Certificate:Path</c> (+ <c>DataProtection:Certificate:Password</c>): a PFX certificate.</item>
/// <item><c>DataProtection:Certificate:Thumbprint</c>: a certificate with its private key in the CurrentUser or
/// LocalMachine "My" store (looked up in that order).</item>
/// <item><c>DataProtection:KeyEncryptionKey</c>: base64 of 32 random bytes (AES-256-GCM).</item>
/// <item>Neither, in Development: a key generated on first start into <c>keyring.kek</c> beside the SQLite file.</item>
/// <item>Neither, elsewhere: start-up fails and names the settings.</item>
/// </list>
/// </summary>
public static class DataProtectionKeyEncryption
{
    public const string KeySetting = "DataProtection:KeyEncryptionKey";
    public const string CertificatePathSetting = "DataProtection:Certificate:Path";
    public const string CertificatePasswordSetting = "DataProtection:Certificate:Password";
    public const string CertificateThumbprintSetting = "DataProtection:Certificate:Thumbprint";
    public const string DevelopmentKeyFileName = "keyring.kek";

    /// <summary>Which key-encryption key the configuration chooses.</summary>
    public enum KeySourceKind { CertificateFile, CertificateStore, ConfiguredKey, DevelopmentKeyFile }

    /// <summary>The choice: a certificate file (<see cref="Value"/> is its path), a store certificate (its normalized thumbprint), a configured key or the development key file.</summary>
    public sealed record KeySource(KeySourceKind Kind, string? Value = null);

    /// <summary>
    /// Reads the settings and chooses the key-encryption key, refusing what cannot work with a message naming the setting:
    /// both a certificate path and a thumbprint, a thumbprint that is not 40 hex digits, or nothing at all outside Development.
    /// </summary>
    public static KeySource ChooseKeySource(IConfiguration configuration, bool isDevelopment)
    {
        var path = configuration[CertificatePathSetting];
        var thumbprint = configuration[CertificateThumbprintSetting];
        var hasPath = !string.IsNullOrWhiteSpace(path);
        var hasThumbprint = !string.IsNullOrWhiteSpace(thumbprint);
        if (hasPath && hasThumbprint)
            throw new InvalidOperationException($"Set either {CertificatePathSetting} or {CertificateThumbprintSetting}, not both.");
        if (hasPath) return new KeySource(KeySourceKind.CertificateFile, path);
        if (hasThumbprint) return new KeySource(KeySourceKind.CertificateStore, NormalizeThumbprint(thumbprint!));
        var configured = configuration[KeySetting];
        if (!string.IsNullOrWhiteSpace(configured)) return new KeySource(KeySourceKind.ConfiguredKey, configured);
        if (isDevelopment) return new KeySource(KeySourceKind.DevelopmentKeyFile);
        throw new InvalidOperationException(
            $"The Data Protection key ring (in the database) needs a key-encryption key outside Development. Set {KeySetting} " +
            $"to base64 of 32 random bytes (for example `openssl rand -base64 32`, as the environment variable DataProtection__KeyEncryptionKey), " +
            $"or {CertificatePathSetting} and {CertificatePasswordSetting} to a PFX certificate with its private key, " +
            $"or {CertificateThumbprintSetting} to the thumbprint of one in the CurrentUser or LocalMachine My store.");
    }

    /// <summary>
    /// A thumbprint as the store compares it: upper-case hex without the spaces, colons or invisible marks that copying
    /// it from a certificate viewer brings along. Anything but 40 hex digits (SHA-1) is refused, naming the setting.
    /// </summary>
    public static string NormalizeThumbprint(string thumbprint)
    {
        var hex = new string(thumbprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
        var others = thumbprint.Where(c => !Uri.IsHexDigit(c) && !char.IsWhiteSpace(c) && c != ':' && c != '-'
                                           && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);
        if (hex.Length != 40 || others.Any())
            throw new InvalidOperationException($"{CertificateThumbprintSetting} must be a certificate's SHA-1 thumbprint: 40 hex digits.");
        return hex;
    }

    /// <summary>The certificate with this thumbprint and its private key from the CurrentUser, then the LocalMachine, My store.</summary>
    public static X509Certificate2 FindCertificate(string thumbprint)
    {
        var found = false;
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            X509Certificate2Collection matches;
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                matches = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            }
            catch (CryptographicException)
            {
                continue; // no such store here (Linux has no LocalMachine My)
            }
            foreach (var certificate in matches)
            {
                if (certificate.HasPrivateKey) return certificate;
                found = true;
            }
        }
        throw new InvalidOperationException(found
            ? $"The certificate named by {CertificateThumbprintSetting} has no private key in the store; the key ring could not be read back."
            : $"{CertificateThumbprintSetting} names {thumbprint}, which is in neither the CurrentUser nor the LocalMachine My store.");
    }

    public static IServiceCollection AddBuilderKeyEncryption(
        this IServiceCollection services, IConfiguration configuration, bool isDevelopment, string contentRoot)
    {
        var dataProtection = services.AddDataProtection();
        var source = ChooseKeySource(configuration, isDevelopment);
        if (source.Kind == KeySourceKind.CertificateFile)
        {
            var certificatePath = source.Value!;
            if (!File.Exists(certificatePath))
                throw new InvalidOperationException($"{CertificatePathSetting} names '{certificatePath}', which does not exist.");
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration[CertificatePasswordSetting]);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"The certificate at {CertificatePathSetting} has no private key; the key ring could not be read back.");
            dataProtection.ProtectKeysWithCertificate(certificate);
            return services;
        }
        if (source.Kind == KeySourceKind.CertificateStore)
        {
            dataProtection.ProtectKeysWithCertificate(FindCertificate(source.Value!));
            return services;
        }

        var key = source.Kind == KeySourceKind.ConfiguredKey
            ? ParseKey(source.Value!, KeySetting)
            : DevelopmentKey(DevelopmentKeyPath(configuration, contentRoot));

        var keyEncryptionKey = new KeyEncryptionKey(key);
        services.AddSingleton(keyEncryptionKey);
        services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new AesGcmXmlEncryptor(keyEncryptionKey));
        return services;
    }

    /// <summary>Beside the SQLite file (not inside the database); under App_Data of the content root otherwise.</summary>
    public static string DevelopmentKeyPath(IConfiguration configuration, string contentRoot)
    {
        var directory = Path.Combine(contentRoot, "App_Data");
        var provider = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Builder") ?? DependencyInjection.DefaultSqliteConnection);
            if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
                directory = Path.GetDirectoryName(Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(contentRoot, file)))!;
        }
        return Path.Combine(directory, DevelopmentKeyFileName);
    }

    private static byte[] DevelopmentKey(string path)
    {
        if (File.Exists(path)) return ParseKey(File.ReadAllText(path), path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeyEncryptionKey.Length);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
        }
        catch (IOException) when (File.Exists(path))
        {
            return ParseKey(File.ReadAllText(path), path); // another process created it first
        }
        return key;
    }

    private static byte[] ParseKey(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            if (key.Length == KeyEncryptionKey.Length) return key;
        }
        catch (FormatException) { }
        throw new InvalidOperationException($"{source} must be base64 of exactly {KeyEncryptionKey.Length} random bytes (for example `openssl rand -base64 32`).");
    }
}

/// <summary>The AES-256 key that encrypts the Data Protection key ring; never stored in the database.</summary>
public sealed class KeyEncryptionKey
{
    public const int Length = 32;

    internal KeyEncryptionKey(byte[] key)
    {
        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    internal byte[] Key { get; }

    /// <summary>A fingerprint of the key (not the key), written beside each encrypted key so a mismatch can be named.</summary>
    public string Id { get; }
}

/// <summary>Encrypts a key's XML with AES-256-GCM under the <see cref="KeyEncryptionKey"/>.</summary>
public sealed class AesGcmXmlEncryptor(KeyEncryptionKey kek) : IXmlEncryptor
{
    internal static readonly byte[] AssociatedData = "Builder.DataProtection.KeyRing.v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(kek.Key, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData);
        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the Builder's key-encryption key (AES-256-GCM); see DataProtection:KeyEncryptionKey. "),
            new XAttribute("kekId", kek.Id),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(ciphertext)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>
/// Decrypts what <see cref="AesGcmXmlEncryptor"/> wrote. Data Protection creates it by type name with the app's services,
/// so it finds the <see cref="KeyEncryptionKey"/> there; without one (a copy of the database elsewhere) it refuses.
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kek = services.GetService<KeyEncryptionKey>()
                  ?? throw new CryptographicException("The key ring is encrypted and no key-encryption key is configured (DataProtection:KeyEncryptionKey).");
        var kekId = (string?)encryptedElement.Attribute("kekId");
        if (kekId is not null && kekId != kek.Id)
            throw new CryptographicException($"This key was encrypted with another key-encryption key ({kekId}, configured: {kek.Id}).");
        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? "");
        var ciphertext = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(kek.Key, tag.Length)) aes.Decrypt(nonce, ciphertext, tag, plaintext, AesGcmXmlEncryptor.AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
