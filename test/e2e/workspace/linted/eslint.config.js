// This folder is linted by its own ESLint with eslint-plugin-breakwater: in `breakwater.mode: auto`
// the extension stands aside here, so nobody sees every problem twice.
import breakwater from 'eslint-plugin-breakwater';

export default [breakwater.configs.recommended];
