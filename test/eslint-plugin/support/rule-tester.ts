// typescript-eslint's RuleTester on mocha. Test cases are parsed by @typescript-eslint/parser
// (TS, TSX, JS alike); a case's `filename` ending in .js makes it a plain-JS case.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'mocha';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const ruleTester = new RuleTester();
