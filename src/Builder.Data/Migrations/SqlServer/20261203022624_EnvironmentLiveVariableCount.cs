using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);
            migrationBuilder.Sql(VariableCountTriggers.SqlServerCreate);
            migrationBuilder.Sql(VariableCountTriggers.Recount);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(VariableCountTriggers.SqlServerDrop);
            migrationBuilder.DropColumn(
                name: "LiveVariableCount",
                table: "Environments");
        }
    }
}
