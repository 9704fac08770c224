import { predictBackend } from '../../../lib/backend/predict-backend';
import { PROTOCOL_VERSION } from '../../wire/message';
import type { Handler } from '../kernel-context';

const pkg = require('../../../../package.json') as { version: string };
const tsVersion = (require('typescript/package.json') as { version: string }).version;

/** kernel_info_reply: versions, language, banner (naming the TF.js backend) and help links. */
export const kernelInfo: Handler = async (ctx) => {
  ctx.onKernelInfo();
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'feedbacklab',
    implementation_version: pkg.version,
    language_info: {
      name: 'typescript',
      version: tsVersion,
      mimetype: 'text/typescript',
      file_extension: '.ts',
      codemirror_mode: { name: 'javascript', typescript: true },
      pygments_lexer: 'typescript',
    },
    banner: `feedbacklab ${pkg.version}: TypeScript ${tsVersion} (strict) on Node.js ${process.version}\nTF.js backend: ${predictBackend()}; selectBackend() in a cell reports the choice in full`,
    help_links: [
      { text: 'TypeScript handbook', url: 'https://www.typescriptlang.org/docs/handbook/intro.html' },
      { text: 'TensorFlow.js API', url: 'https://js.tensorflow.org/api/latest/' },
      { text: 'arquero API', url: 'https://idl.uw.edu/arquero/api/' },
      { text: 'vega-lite', url: 'https://vega.github.io/vega-lite/docs/' },
    ],
    debugger: false,
  };
};
