namespace Builder.Data;

/// <summary>
/// The triggers that keep <c>Environments.LiveVariableCount</c> equal to the number of the environment's variables that
/// are not in the trash. They run inside the statement that changes a variable, so every path (create, trash, restore,
/// purge, an environment's cascade) keeps the count without the application doing anything, and two writers racing each
/// other cannot lose an update. The migration that adds the column creates them and counts what is already there.
/// </summary>
public static class VariableCountTriggers
{
    public const string Name = "TR_Variables_LiveVariableCount";

    /// <summary>Sets every environment's count from its rows: run once, after the triggers exist.</summary>
    public const string Recount = """
        UPDATE "Environments" SET "LiveVariableCount" = (
            SELECT COUNT(*) FROM "Variables" AS "v" WHERE "v"."EnvironmentId" = "Environments"."Id" AND "v"."DeletedAt" IS NULL);
        """;

    /// <summary>SQLite has no multi-event triggers: one per event, named after <see cref="Name"/>.</summary>
    public static readonly string[] SqliteCreate =
    [
        $"""
        CREATE TRIGGER "{Name}_Insert" AFTER INSERT ON "Variables" WHEN NEW."DeletedAt" IS NULL
        BEGIN
            UPDATE "Environments" SET "LiveVariableCount" = "LiveVariableCount" + 1 WHERE "Id" = NEW."EnvironmentId";
        END;
        """,
        $"""
        CREATE TRIGGER "{Name}_Delete" AFTER DELETE ON "Variables" WHEN OLD."DeletedAt" IS NULL
        BEGIN
            UPDATE "Environments" SET "LiveVariableCount" = "LiveVariableCount" - 1 WHERE "Id" = OLD."EnvironmentId";
        END;
        """,
        $"""
        CREATE TRIGGER "{Name}_Update" AFTER UPDATE OF "DeletedAt", "EnvironmentId" ON "Variables"
        BEGIN
            UPDATE "Environments" SET "LiveVariableCount" = "LiveVariableCount" - 1
                WHERE "Id" = OLD."EnvironmentId" AND OLD."DeletedAt" IS NULL;
            UPDATE "Environments" SET "LiveVariableCount" = "LiveVariableCount" + 1
                WHERE "Id" = NEW."EnvironmentId" AND NEW."DeletedAt" IS NULL;
        END;
        """,
    ];

    public static readonly string[] SqliteDrop =
        [$"""DROP TRIGGER "{Name}_Insert";""", $"""DROP TRIGGER "{Name}_Delete";""", $"""DROP TRIGGER "{Name}_Update";"""];

    /// <summary>
    /// One set-based trigger for every event (a statement may touch many rows), in EXEC: CREATE TRIGGER must begin its
    /// batch, and an idempotent migration script puts every step inside IF … BEGIN … END.
    /// </summary>
    public const string SqlServerCreate = $"""
        EXEC(N'CREATE TRIGGER [{Name}] ON [Variables] AFTER INSERT, UPDATE, DELETE AS
        BEGIN
            SET NOCOUNT ON;
            UPDATE [e] SET [LiveVariableCount] = [e].[LiveVariableCount] + [d].[Delta]
            FROM [Environments] AS [e]
            INNER JOIN (
                SELECT [EnvironmentId], SUM([Delta]) AS [Delta] FROM (
                    SELECT [EnvironmentId], 1 AS [Delta] FROM inserted WHERE [DeletedAt] IS NULL
                    UNION ALL
                    SELECT [EnvironmentId], -1 AS [Delta] FROM deleted WHERE [DeletedAt] IS NULL) AS [x]
                GROUP BY [EnvironmentId]) AS [d] ON [d].[EnvironmentId] = [e].[Id]
            WHERE [d].[Delta] <> 0;
        END')
        """;

    public const string SqlServerDrop = $"DROP TRIGGER [{Name}];";
}
