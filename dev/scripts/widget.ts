import { prepareWidget } from '../host/widget'

/** `npm run build:widget` (and the first step of `npm run build`): the widget's bundles into public/widget/. */
await prepareWidget()
