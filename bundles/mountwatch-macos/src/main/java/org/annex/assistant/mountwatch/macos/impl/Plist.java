package org.annex.assistant.mountwatch.macos.impl;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads an XML property list into maps, lists, strings, longs, doubles and booleans. The DOCTYPE Apple
 * writes is not fetched: external entities are switched off.
 */
final class Plist {
    private Plist() {
    }

    static Object read(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            Document doc = b.parse(in);
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals("plist")) {
                throw new IOException("not a property list: root element <" + root.getTagName() + ">");
            }
            Element first = firstElement(root);
            return first == null ? null : value(first);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("bad property list: " + e.getMessage(), e);
        }
    }

    private static Object value(Element e) throws IOException {
        String text = e.getTextContent().trim();
        switch (e.getTagName()) {
            case "dict": {
                Map<String, Object> map = new LinkedHashMap<>();
                String key = null;
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element) {
                        Element c = (Element) n;
                        if (c.getTagName().equals("key")) {
                            key = c.getTextContent();
                        } else if (key != null) {
                            map.put(key, value(c));
                            key = null;
                        }
                    }
                }
                return map;
            }
            case "array": {
                List<Object> list = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element) {
                        list.add(value((Element) n));
                    }
                }
                return list;
            }
            case "integer":
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException x) {
                    throw new IOException("bad <integer> " + text);
                }
            case "real":
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException x) {
                    throw new IOException("bad <real> " + text);
                }
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: return e.getTextContent();
        }
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return (Element) n;
            }
        }
        return null;
    }
}
