// Semantic search benchmark: a knowledge-base table of N chunks (default 10,000) in a fresh SQLite database, embedded with
// the configured generator (the local all-MiniLM-L6-v2 by default), then top-k searches with the query's embedding included.
// Prints JSON. Options: --chunks N (10000), --embed N (how many chunks really go through the model, default 1000; the rest
// reuse those vectors slightly perturbed, which costs a brute-force scan exactly the same), --queries N (50), --top K (10).
using System.Diagnostics;
using System.Text.Json;
using Builder.Data;
using Builder.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var chunks = Arg("--chunks", 10_000);
var embedCount = Math.Min(chunks, Arg("--embed", 1_000));
var queries = Arg("--queries", 50);
var top = Arg("--top", 10);

var dir = Directory.CreateTempSubdirectory("bench-search-");
try
{
    var settings = new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(dir.FullName, "bench.db")}",
    };
    // Embeddings__Provider=model, Embeddings__Model__Url=… choose another generator, as in the app.
    foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        if (variable.Key is string key && (key.StartsWith("Embeddings__") || key.StartsWith("Knowledge__") || key.StartsWith("Outbound__")))
            settings[key.Replace("__", ":")] = variable.Value as string;
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    await using var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(configuration)
        .AddLogging()
        .AddBuilderData(configuration, dir.FullName)
        .AddKnowledge()
        .BuildServiceProvider();
    await using (var db = services.GetRequiredService<IDbContextFactory<SqliteBuilderDbContext>>().CreateDbContext())
        await db.Database.MigrateAsync();

    var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    var index = services.GetRequiredService<TableVectorIndex>();
    var table = Guid.NewGuid();
    var texts = Enumerable.Range(0, chunks).Select(Passage).ToList();

    // Model load, then embedding speed, one text at a time and in batches.
    var sw = Stopwatch.StartNew();
    await generator.GenerateAsync(["warm up"]);
    var loadMs = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    for (var i = 0; i < 20; i++) await generator.GenerateAsync([texts[i]]);
    var singleMs = sw.Elapsed.TotalMilliseconds / 20;

    // Index: the first embedCount chunks through the model (batched, as the queue does), the rest from those vectors.
    sw.Restart();
    var embedded = await index.IndexRowsAsync(table, texts.Take(embedCount).Select((t, i) => new TableVectorIndex.RowTexts(i + 1, [new IndexedText(null, 0, t)])).ToList());
    var embedMs = sw.Elapsed.TotalMilliseconds;
    await using (var db = services.GetRequiredService<IDbContextFactory<SqliteBuilderDbContext>>().CreateDbContext())
    {
        var seeds = await db.TableEmbeddings.Where(e => e.TableId == table).Select(e => e.Vector).ToListAsync();
        var random = new Random(42);
        var now = DateTime.UtcNow;
        for (var i = embedCount; i < chunks; i++)
        {
            var vector = VectorMath.FromBytes(seeds[i % seeds.Count]);
            for (var d = 0; d < vector.Length; d++) vector[d] += (float)(random.NextDouble() - 0.5) * 0.05f;
            VectorMath.Normalize(vector);
            db.TableEmbeddings.Add(new TableEmbedding { TableId = table, RowId = i + 1, ChunkIndex = 0, Text = texts[i], Model = index.Model, Dimensions = vector.Length, Vector = VectorMath.ToBytes(vector), CreatedAt = now });
        }
        await db.SaveChangesAsync();
    }
    index.Invalidate(table);

    string[] questions = ["How do I reset my password?", "feline resting in the sun", "When is the invoice due?", "What is the refund policy for damaged goods?",
        "Which trains go to the airport?", "How much memory does the server need?", "Who approves holiday requests?", "Can pets come to the office?"];
    sw.Restart();
    var cold = await index.SearchAsync(table, questions[0], new SemanticSearchOptions { Top = top });
    var coldMs = sw.Elapsed.TotalMilliseconds;

    var searchTimes = new List<double>();
    var embedTimes = new List<double>();
    for (var i = 0; i < queries; i++)
    {
        var q = questions[i % questions.Length] + (i >= questions.Length ? $" ({i})" : "");
        sw.Restart();
        await generator.GenerateAsync([q]);
        embedTimes.Add(sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        var result = await index.SearchAsync(table, q, new SemanticSearchOptions { Top = top });
        searchTimes.Add(sw.Elapsed.TotalMilliseconds);
        if (result.Searched != chunks) throw new InvalidOperationException($"searched {result.Searched} of {chunks}");
    }
    // The scan alone: cosine over every cached vector and the top k, the query already embedded.
    var queryVector = (await generator.GenerateAsync([questions[1]]))[0].Vector;
    var scanTimes = new List<double>();
    for (var i = 0; i < queries; i++)
    {
        sw.Restart();
        await index.SearchByVectorAsync(table, queryVector, new SemanticSearchOptions { Top = top });
        scanTimes.Add(sw.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        chunks,
        embeddedThroughModel = embedded,
        dimensions = LocalOrConfigured(generator),
        modelLoadMs = Math.Round(loadMs),
        embedOneTextMs = Math.Round(singleMs, 1),
        embedBatchedMsPerChunk = Math.Round(embedMs / embedCount, 2),
        embedBatchedChunksPerSecond = Math.Round(embedCount / (embedMs / 1000)),
        firstSearchMs = Math.Round(coldMs, 1),
        searchMedianMs = Math.Round(Percentile(searchTimes, 0.5), 1),
        searchP95Ms = Math.Round(Percentile(searchTimes, 0.95), 1),
        queryEmbeddingMedianMs = Math.Round(Percentile(embedTimes, 0.5), 1),
        scanMedianMs = Math.Round(Percentile(scanTimes, 0.5), 2),
        scanP95Ms = Math.Round(Percentile(scanTimes, 0.95), 2),
        goalMs = 200,
        top = cold.Matches.Count,
    }, new JsonSerializerOptions { WriteIndented = true }));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0 ? value : fallback;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static int? LocalOrConfigured(IEmbeddingGenerator<string, Embedding<float>> generator) =>
    generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;

// Varied, realistic passages of about 60–200 words: topics × templates × numbers, deterministic.
static string Passage(int i)
{
    string[] topics = ["password resets", "invoices and payment terms", "the refund policy", "train connections", "server sizing",
        "holiday requests", "office pets", "onboarding new staff", "data retention", "incident response", "expense claims", "the cafeteria menu"];
    string[] sentences =
    [
        "This section explains {0} in detail for every team in the organisation.",
        "Read it before you contact support about {0}, since most questions are answered here.",
        "Version {1} of the guidance replaced the earlier rules that applied until last year.",
        "Managers review requests about {0} within {2} working days and answer in writing.",
        "Exceptions need the approval of two reviewers and are recorded in the audit log.",
        "The figures quoted assume a standard contract and may differ for part-time staff.",
        "If anything is unclear, ask in the help channel and mention the reference {1}-{2}.",
    ];
    var topic = topics[i % topics.Length];
    var count = 4 + i % 12;
    return string.Join(' ', Enumerable.Range(0, count).Select(s => string.Format(sentences[(s + i) % sentences.Length], topic, i % 97, 1 + i % 9)));
}
