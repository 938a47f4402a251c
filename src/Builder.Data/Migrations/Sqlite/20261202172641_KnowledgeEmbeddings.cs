using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnowledgeEmbeddings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TableEmbeddings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TableId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RowId = table.Column<long>(type: "INTEGER", nullable: false),
                    ColumnKey = table.Column<int>(type: "INTEGER", nullable: true),
                    ChunkIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    HeadingPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Page = table.Column<int>(type: "INTEGER", nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Dimensions = table.Column<int>(type: "INTEGER", nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TableEmbeddings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TableEmbeddings_TableId_RowId_ColumnKey_ChunkIndex",
                table: "TableEmbeddings",
                columns: new[] { "TableId", "RowId", "ColumnKey", "ChunkIndex" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TableEmbeddings");
        }
    }
}
