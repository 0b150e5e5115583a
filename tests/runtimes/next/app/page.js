export default function Page() {
  return <p>paysign next test</p>;
}
