/** Made by scripts/shipped-models.mjs: manifest id → file path → URL of the bundled file. */
declare module 'virtual:inpage-shipped-models' {
  const shipped: Readonly<Record<string, Readonly<Record<string, string>>>>;
  export default shipped;
}
