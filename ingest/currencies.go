package ingest

import "strings"

// activeCurrencies are the ISO 4217 codes in circulation (list one, 2025),
// less the precious-metal, testing and "no currency" codes (XAU, XTS, XXX,
// ...) that no channel pays in.
const activeCurrencies = `AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB
BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP
DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR
ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER
ZAR ZMW ZWG`

// withdrawnCurrencies are codes retired recently enough to appear in the
// ECB's historical rates file and in years-old reports: the pre-euro
// currencies the ECB still lists (CYP ... HRK) and recent redenominations.
const withdrawnCurrencies = `ANG BYR CUC CYP EEK HRK LTL LVL MRO MTL ROL SIT SKK SLL STD TRL VEF ZWL`

// currencyCodes lists every accepted code; handing back one of these
// strings keeps a line item from pinning the file's text.
var currencyCodes = strings.Fields(activeCurrencies + " " + withdrawnCurrencies)

// currencyIndex maps a three-letter code, as a base-26 number, to 1 + its
// index in currencyCodes, or to 0 where it is not a currency: every row
// asks, and an array index is several times cheaper than hashing a map
// key. Built once at start-up and only read afterwards.
var currencyIndex = func() (t [26 * 26 * 26]uint8) {
	for n, c := range currencyCodes {
		t[(int(c[0]-'A')*26+int(c[1]-'A'))*26+int(c[2]-'A')] = uint8(n + 1)
	}
	return t
}()
