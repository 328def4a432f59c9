/**
 * The one check of every `description` the Volcano Engine adapter sends. The VPC API
 * (`CreateSecurityGroup` and siblings) accepts a description of 0–255 characters that starts with a
 * letter, a Chinese character or a digit and contains only those plus `,` `.` `_` space `=` `-` and
 * the full-width `，` `。`; terraform-provider-volcengine v0.0.194 does not validate it, so a bad text
 * (e.g. one with a colon) fails only at create time. The kit holds every Volcano Engine description
 * to this, the strictest documented rule.
 */
import type * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";

/** Where the rule is documented (same wording at https://docs.byteplus.com/en/docs/vpc/CreateSecurityGroup). */
export const VOLCENGINE_DESCRIPTION_DOC = "https://www.volcengine.com/docs/6401/70747";

/** Longest description, characters. */
export const VOLCENGINE_DESCRIPTION_MAX = 255;

/** Letters, digits and CJK unified ideographs (the "Chinese characters" of the rule). */
const FIRST = "A-Za-z0-9\\u4e00-\\u9fff";
const PATTERN = new RegExp(`^[${FIRST}][${FIRST},._ =\\-\\uff0c\\u3002]*$`);

/** Whether `text` is a description Volcano Engine accepts (the empty string is). */
export function isVolcengineDescription(text: string): boolean {
  return text === "" || (text.length <= VOLCENGINE_DESCRIPTION_MAX && PATTERN.test(text));
}

/**
 * Returns `text` when Volcano Engine accepts it as a description, else throws a {@link targetError}
 * that quotes it, says what the rule is and links the doc.
 */
export function volcengineDescription(plan: TargetPlan, parent: pulumi.Resource, text: string): string {
  if (isVolcengineDescription(text)) return text;
  throw targetError(
    plan,
    parent,
    `description ${JSON.stringify(text)} is not accepted by Volcano Engine: it must start with a letter, Chinese character or digit, ` +
      `contain only those and , . _ space = - ， 。 and be at most ${VOLCENGINE_DESCRIPTION_MAX} characters (${VOLCENGINE_DESCRIPTION_DOC})`,
  );
}
