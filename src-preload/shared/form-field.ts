/** Text in both UI languages; the renderer picks one. */
export interface LocalizedText {
  zh: string
  en: string
}

/**
 * One field of a connector's create form, described as data so the renderer can draw it
 * and main can validate the submitted values with the very same description.
 */
export interface FormField {
  key: string
  /**
   * `money`: typed in yuan (text, at most two decimals), handed to the connector as integer fen;
   * the connector writes it as its API wants it.
   */
  type: 'string' | 'integer' | 'decimal' | 'money' | 'boolean' | 'select'
  required: boolean
  label: LocalizedText
  help?: LocalizedText
  /** For `select`: the allowed values (numbers or strings, as the API wants them). */
  choices?: ReadonlyArray<{ value: string | number; label: LocalizedText }>
  /** Bounds of the value; for `money`, in fen. */
  min?: number
  max?: number
  /** For `money`: whole yuan only (the API takes an integer number of yuan). */
  wholeYuan?: boolean
  /** A value the form makes up front, which staff may change: a merchant order number in the API's format. */
  generate?: 'merchant_order_no'
  /** The part of a product this field holds: the form offers the products of the source's cached orders. */
  fromOrders?: 'product_id' | 'product_name' | 'product_type'
  /** For `string`: a pattern the value must match, with the message to show. */
  pattern?: { regex: string; message: LocalizedText }
  maxLength?: number
  /** Default value shown in the form. */
  default?: string | number | boolean
}
