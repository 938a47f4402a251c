using Builder.Domain.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Builder.Data;

/// <summary>Encrypts secret values with ASP.NET Core Data Protection; the key ring lives in the database.</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Builder.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
