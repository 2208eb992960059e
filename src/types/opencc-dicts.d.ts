// opencc-js ships its dictionaries as modules of one string each, without types.
declare module "opencc-js/dict/*" {
  const dictionary: string;
  export default dictionary;
}
