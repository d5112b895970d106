import { expect, test } from "@playwright/test";

test("a calculation on /calc appears in the history; an error shows inline", async ({ page }) => {
  await page.goto("/calc");
  await page.getByLabel("Multiply").check();
  await page.getByLabel("Operand 1", { exact: true }).fill("1.5");
  await page.getByLabel("Operand 2", { exact: true }).fill("-4");
  // Keyboard: a third operand, typed, then Enter calculates.
  await page.getByRole("button", { name: "Add operand" }).click();
  await expect(page.getByLabel("Operand 3", { exact: true })).toBeFocused();
  await page.keyboard.type("0.1");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("calc-result")).toHaveText("= -0.6");
  await expect(page.getByTestId("calc-history").getByRole("listitem").first()).toContainText(
    "1.5 × -4 × 0.1 = -0.6",
  );

  // Removing an operand and dividing by zero: the refusal is shown next to the form, with its code.
  await page.getByRole("button", { name: "Remove operand 3" }).click();
  await expect(page.getByLabel("Operand 3", { exact: true })).toHaveCount(0);
  await page.getByLabel("Divide").check();
  await page.getByLabel("Operand 2", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Calculate" }).click();
  await expect(page.getByTestId("calc-error")).toContainText("division_by_zero");
  await expect(page.getByTestId("calc-result")).toHaveText("");

  // The history survives a reload (it is the guest's, stored for 30 days).
  await page.reload();
  await expect(page.getByTestId("calc-history")).toContainText("1.5 × -4 × 0.1 = -0.6");
});

test("the docs page's try-it sends a calc request and shows the answer", async ({ page }) => {
  await page.goto("/docs");
  const operation = page.locator("#post-api-calc");
  await operation.getByText("Try it").click();
  const body = operation.getByTestId("try-it-body");
  await expect(body).toHaveValue(/"operation": "add"/);
  await body.fill(JSON.stringify({ operation: "power", operands: ["2", 10, "0.5"] }));
  await operation.getByRole("button", { name: "Send POST" }).click();
  await expect(operation.getByTestId("try-it-status")).toHaveText("200");
  await expect(operation.getByTestId("try-it-response")).toContainText('"result": "32"');
  await operation.getByText("Headers").click();
  await expect(operation.getByTestId("try-it-answer")).toContainText("x-request-id:");
});
