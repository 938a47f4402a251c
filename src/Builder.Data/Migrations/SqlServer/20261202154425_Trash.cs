using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Builder.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Trash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Workflows_EnvironmentId_Name",
                table: "Workflows");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowEntityTypes_Name",
                table: "WorkflowEntityTypes");

            migrationBuilder.DropIndex(
                name: "IX_Variables_EnvironmentId_Name",
                table: "Variables");

            migrationBuilder.DropIndex(
                name: "IX_PromptTemplates_OrganizationId_Name",
                table: "PromptTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Models_OrganizationId_Name",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_Email",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Environments_OrganizationId_Name",
                table: "Environments");

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Workflows",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Workflows",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "WorkflowEntityTypes",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "WorkflowEntityTypes",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "WorkflowEntities",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "WorkflowEntities",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Variables",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Variables",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "PromptTemplates",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "PromptTemplates",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Prompts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Prompts",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Organizations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Organizations",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Models",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Models",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Memberships",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Memberships",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Environments",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "Environments",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "ApiKeys",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TrashItemId",
                table: "ApiKeys",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TrashItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ResourceType = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ResourceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    EnvironmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    EnvironmentName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DependentCount = table.Column<int>(type: "int", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DeletedByUserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeletedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    DeletedViaApiKey = table.Column<bool>(type: "bit", nullable: false),
                    PurgeAfter = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrashItems", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "WorkflowEntityTypes",
                keyColumn: "Id",
                keyValue: new Guid("0b8f3c2e-0001-4a6b-9d3e-000000000001"),
                columns: new[] { "DeletedAt", "TrashItemId" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "WorkflowEntityTypes",
                keyColumn: "Id",
                keyValue: new Guid("0b8f3c2e-0002-4a6b-9d3e-000000000002"),
                columns: new[] { "DeletedAt", "TrashItemId" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "WorkflowEntityTypes",
                keyColumn: "Id",
                keyValue: new Guid("0b8f3c2e-0003-4a6b-9d3e-000000000003"),
                columns: new[] { "DeletedAt", "TrashItemId" },
                values: new object[] { null, null });

            migrationBuilder.UpdateData(
                table: "WorkflowEntityTypes",
                keyColumn: "Id",
                keyValue: new Guid("0b8f3c2e-0004-4a6b-9d3e-000000000004"),
                columns: new[] { "DeletedAt", "TrashItemId" },
                values: new object[] { null, null });

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_EnvironmentId_Name",
                table: "Workflows",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_TrashItemId",
                table: "Workflows",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntityTypes_Name",
                table: "WorkflowEntityTypes",
                column: "Name",
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntityTypes_TrashItemId",
                table: "WorkflowEntityTypes",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntities_TrashItemId",
                table: "WorkflowEntities",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Variables_EnvironmentId_Name",
                table: "Variables",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Variables_TrashItemId",
                table: "Variables",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_OrganizationId_Name",
                table: "PromptTemplates",
                columns: new[] { "OrganizationId", "Name" },
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_TrashItemId",
                table: "PromptTemplates",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Prompts_TrashItemId",
                table: "Prompts",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name",
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_TrashItemId",
                table: "Organizations",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Models_OrganizationId_Name",
                table: "Models",
                columns: new[] { "OrganizationId", "Name" },
                unique: true,
                filter: "[OrganizationId] IS NOT NULL AND [DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Models_TrashItemId",
                table: "Models",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_Email",
                table: "Memberships",
                columns: new[] { "OrganizationId", "Email" },
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_TrashItemId",
                table: "Memberships",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Environments_OrganizationId_Name",
                table: "Environments",
                columns: new[] { "OrganizationId", "Name" },
                unique: true,
                filter: "[DeletedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Environments_TrashItemId",
                table: "Environments",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_TrashItemId",
                table: "ApiKeys",
                column: "TrashItemId");

            migrationBuilder.CreateIndex(
                name: "IX_TrashItems_OrganizationId_DeletedAt",
                table: "TrashItems",
                columns: new[] { "OrganizationId", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrashItems_PurgeAfter",
                table: "TrashItems",
                column: "PurgeAfter");

            migrationBuilder.CreateIndex(
                name: "IX_TrashItems_ResourceId",
                table: "TrashItems",
                column: "ResourceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TrashItems");

            migrationBuilder.DropIndex(
                name: "IX_Workflows_EnvironmentId_Name",
                table: "Workflows");

            migrationBuilder.DropIndex(
                name: "IX_Workflows_TrashItemId",
                table: "Workflows");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowEntityTypes_Name",
                table: "WorkflowEntityTypes");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowEntityTypes_TrashItemId",
                table: "WorkflowEntityTypes");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowEntities_TrashItemId",
                table: "WorkflowEntities");

            migrationBuilder.DropIndex(
                name: "IX_Variables_EnvironmentId_Name",
                table: "Variables");

            migrationBuilder.DropIndex(
                name: "IX_Variables_TrashItemId",
                table: "Variables");

            migrationBuilder.DropIndex(
                name: "IX_PromptTemplates_OrganizationId_Name",
                table: "PromptTemplates");

            migrationBuilder.DropIndex(
                name: "IX_PromptTemplates_TrashItemId",
                table: "PromptTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Prompts_TrashItemId",
                table: "Prompts");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_TrashItemId",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Models_OrganizationId_Name",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_TrashItemId",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_Email",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_TrashItemId",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Environments_OrganizationId_Name",
                table: "Environments");

            migrationBuilder.DropIndex(
                name: "IX_Environments_TrashItemId",
                table: "Environments");

            migrationBuilder.DropIndex(
                name: "IX_ApiKeys_TrashItemId",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "WorkflowEntityTypes");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "WorkflowEntityTypes");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "WorkflowEntities");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "WorkflowEntities");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Variables");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Variables");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "PromptTemplates");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Environments");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "Environments");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "TrashItemId",
                table: "ApiKeys");

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_EnvironmentId_Name",
                table: "Workflows",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntityTypes_Name",
                table: "WorkflowEntityTypes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Variables_EnvironmentId_Name",
                table: "Variables",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromptTemplates_OrganizationId_Name",
                table: "PromptTemplates",
                columns: new[] { "OrganizationId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Models_OrganizationId_Name",
                table: "Models",
                columns: new[] { "OrganizationId", "Name" },
                unique: true,
                filter: "[OrganizationId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_Email",
                table: "Memberships",
                columns: new[] { "OrganizationId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Environments_OrganizationId_Name",
                table: "Environments",
                columns: new[] { "OrganizationId", "Name" },
                unique: true);
        }
    }
}
