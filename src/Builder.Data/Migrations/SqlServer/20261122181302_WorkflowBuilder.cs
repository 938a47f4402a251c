using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Builder.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WorkflowBuilder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowEntityTypes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Shape = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Color = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowEntityTypes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Workflows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EnvironmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    WorkflowDataJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workflows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Workflows_Environments_EnvironmentId",
                        column: x => x.EnvironmentId,
                        principalTable: "Environments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Workflows_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "WorkflowEntities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EnvironmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    WorkflowEntityTypeId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    ConditionJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Script = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    TfCondition = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ArgumentsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowEntities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkflowEntities_Environments_EnvironmentId",
                        column: x => x.EnvironmentId,
                        principalTable: "Environments",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_WorkflowEntities_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkflowEntities_WorkflowEntityTypes_WorkflowEntityTypeId",
                        column: x => x.WorkflowEntityTypeId,
                        principalTable: "WorkflowEntityTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WorkflowEntityUsages",
                columns: table => new
                {
                    WorkflowId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WorkflowEntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowEntityUsages", x => new { x.WorkflowId, x.WorkflowEntityId });
                    table.ForeignKey(
                        name: "FK_WorkflowEntityUsages_WorkflowEntities_WorkflowEntityId",
                        column: x => x.WorkflowEntityId,
                        principalTable: "WorkflowEntities",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_WorkflowEntityUsages_Workflows_WorkflowId",
                        column: x => x.WorkflowId,
                        principalTable: "Workflows",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "WorkflowEntityTypes",
                columns: new[] { "Id", "Color", "CreatedAt", "Description", "Kind", "Name", "Shape", "UpdatedAt", "UpdatedBy", "Version" },
                values: new object[,]
                {
                    { new Guid("0b8f3c2e-0001-4a6b-9d3e-000000000001"), "#2e7d32", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Starts a workflow when a message arrives", "Event", "Event", "circle", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system@builder.local", new Guid("5eed5eed-0001-4a6b-9d3e-000000000001") },
                    { new Guid("0b8f3c2e-0002-4a6b-9d3e-000000000002"), "#1565c0", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Asks a model and passes its answer on", "Prompt", "Prompt", "rectangle", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system@builder.local", new Guid("5eed5eed-0002-4a6b-9d3e-000000000002") },
                    { new Guid("0b8f3c2e-0003-4a6b-9d3e-000000000003"), "#ef6c00", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Calls a tool, connector or webhook", "Action", "Action", "hexagon", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system@builder.local", new Guid("5eed5eed-0003-4a6b-9d3e-000000000003") },
                    { new Guid("0b8f3c2e-0004-4a6b-9d3e-000000000004"), "#6a1b9a", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Ends a branch with an outcome", "Result", "Result", "diamond", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system@builder.local", new Guid("5eed5eed-0004-4a6b-9d3e-000000000004") }
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntities_EnvironmentId",
                table: "WorkflowEntities",
                column: "EnvironmentId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntities_OrganizationId_Name",
                table: "WorkflowEntities",
                columns: new[] { "OrganizationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntities_WorkflowEntityTypeId",
                table: "WorkflowEntities",
                column: "WorkflowEntityTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntityTypes_Name",
                table: "WorkflowEntityTypes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowEntityUsages_WorkflowEntityId",
                table: "WorkflowEntityUsages",
                column: "WorkflowEntityId");

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_EnvironmentId_Name",
                table: "Workflows",
                columns: new[] { "EnvironmentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Workflows_OrganizationId_Name",
                table: "Workflows",
                columns: new[] { "OrganizationId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkflowEntityUsages");

            migrationBuilder.DropTable(
                name: "WorkflowEntities");

            migrationBuilder.DropTable(
                name: "Workflows");

            migrationBuilder.DropTable(
                name: "WorkflowEntityTypes");
        }
    }
}
