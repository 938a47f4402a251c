using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CompanyPermission",
                table: "Workflows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerId",
                table: "Workflows",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "SharingLevel",
                table: "Workflows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "CompanyPermission",
                table: "PromptTemplates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerId",
                table: "PromptTemplates",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "SharingLevel",
                table: "PromptTemplates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "CompanyPermission",
                table: "Prompts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerId",
                table: "Prompts",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "SharingLevel",
                table: "Prompts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            // Existing records: owned by their creator (or the organization's first Admin), COMPANY / EDIT (the defaults above).
            migrationBuilder.Sql(OwnerBackfill.Sql("Workflows", "workflow", sqlServer: false));
            migrationBuilder.Sql(OwnerBackfill.Sql("PromptTemplates", "prompt-template", sqlServer: false));
            migrationBuilder.Sql(OwnerBackfill.Sql("Prompts", "prompt", sqlServer: false));

            migrationBuilder.CreateTable(
                name: "ResourceShares",
                columns: table => new
                {
                    ResourceType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceShares", x => new { x.ResourceType, x.ResourceId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ResourceShares_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_OrganizationId_OwnerId",
                table: "Workflows",
                columns: new[] { "OrganizationId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_OrganizationId_OwnerId",
                table: "PromptTemplates",
                columns: new[] { "OrganizationId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Prompts_OrganizationId_OwnerId",
                table: "Prompts",
                columns: new[] { "OrganizationId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceShares_OrganizationId",
                table: "ResourceShares",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ResourceShares_UserId_ResourceType",
                table: "ResourceShares",
                columns: new[] { "UserId", "ResourceType" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResourceShares");

            migrationBuilder.DropIndex(
                name: "IX_Workflows_OrganizationId_OwnerId",
                table: "Workflows");

            migrationBuilder.DropIndex(
                name: "IX_PromptTemplates_OrganizationId_OwnerId",
                table: "PromptTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Prompts_OrganizationId_OwnerId",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "CompanyPermission",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "SharingLevel",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "CompanyPermission",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "SharingLevel",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "CompanyPermission",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "SharingLevel",
                table: "Prompts");
        }
    }
}
