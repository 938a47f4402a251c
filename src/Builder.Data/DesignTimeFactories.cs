using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Builder.Data;

/// <summary>Lets `dotnet ef` build each provider's context without starting the web app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBuilderDbContext>
{
    public SqliteBuilderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBuilderDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerBuilderDbContext>
{
    public SqlServerBuilderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerBuilderDbContext>()
            .UseSqlServer("Server=localhost;Database=Builder;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
