using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EnvironmentLiveVariableCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LiveVariableCount",
                table: "Environments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
            foreach (var trigger in VariableCountTriggers.SqliteCreate) migrationBuilder.Sql(trigger);
            migrationBuilder.Sql(VariableCountTriggers.Recount);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in VariableCountTriggers.SqliteDrop) migrationBuilder.Sql(trigger);
            migrationBuilder.DropColumn(
                name: "LiveVariableCount",
                table: "Environments");
        }
    }
}
